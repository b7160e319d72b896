import { trackerHandler } from '../lib/callers/operation-tracker.ts';

/** Follows each accepted operation to its end, one delayed look-up per message of the tracking queue. */
export const handler = trackerHandler();
