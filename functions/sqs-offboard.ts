import { sqsHandler } from '../lib/callers/sqs.ts';

/** Batches of operation requests from the offboarding queue, with partial batch failures. */
export const handler = sqsHandler();
