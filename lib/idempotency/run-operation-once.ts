import type { Operation, RawOperationInput } from '../operations/operation.ts';
import type { OffboardService } from '../pipeline/call-bcs.ts';
import { runForOutcome } from '../pipeline/outcome.ts';
import { validate } from '../schemas/validate.ts';
import { requestKey } from './idempotency-key.ts';
import { type IdempotencyStore, sharedIdempotencyStore } from './idempotency-store.ts';
import { type OnceResult, runOnce } from './run-once.ts';

export interface RunOperationOnceOptions {
  service: () => OffboardService;
  /** Bounds the claim of the request and the BCS and IAM calls. */
  signal: AbortSignal;
  /** Bounds remembering the outcome, which must happen even after `signal` fired. */
  recordSignal: AbortSignal;
  /** The id this delivery is logged and reported under. */
  correlationId: string;
  /**
   * The correlation id the caller gave, if it gave one: part of the request's identity.
   * Callers that never take one from their sender (the Slack worker) leave it out.
   */
  givenCorrelationId?: string | undefined;
  /** The invocation's deadline (epoch milliseconds). */
  inProgressUntil: number;
  trace: Record<string, unknown>;
  store?: () => IdempotencyStore | undefined;
}

/**
 * Runs one operation for a caller that may deliver the same request more than once (events,
 * chat-ops): the operation's input is validated, keyed ({@link requestKey}) and run through
 * {@link runOnce}. With no idempotency table configured it simply runs. Throws what
 * validation or the configuration throws, before anything is claimed or sent.
 *
 * @example
 * ```ts
 * const { outcome, duplicate } = await runOperationOnce(quitConsortium, raw, {
 *   service: sharedOffboardService, signal, recordSignal, correlationId, givenCorrelationId,
 *   inProgressUntil, trace,
 * });
 * ```
 */
export const runOperationOnce = async <I extends { 'X-Auth-Token'?: string | undefined }>(
  operation: Operation<I>,
  raw: RawOperationInput,
  options: RunOperationOnceOptions,
): Promise<OnceResult> => {
  const { service, signal, givenCorrelationId, store = sharedIdempotencyStore } = options;
  const run = () => runForOutcome(service, operation, raw, signal);
  const idempotency = store();
  if (idempotency === undefined) return { outcome: await run() };
  const input = validate(operation.schema, raw);
  // The options runOnce takes are these, with the store, the key and the operation's name.
  return runOnce(run, {
    ...options,
    store: idempotency,
    key: requestKey(operation.name, input, givenCorrelationId),
    operation: operation.name,
  });
};
