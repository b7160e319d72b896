import { allowedProjectIds } from '../config/config.ts';
import { requestKey } from '../idempotency/idempotency-key.ts';
import type { IdempotencyStore } from '../idempotency/idempotency-store.ts';
import { type Duplicate, runOnce } from '../idempotency/run-once.ts';
import type { Logger } from '../logging/log.ts';
import type { AnyOperation } from '../operations/catalogue.ts';
import type { RawOperationInput } from '../operations/operation.ts';
import { type AdmittedRequest, admitRequest } from './admit-request.ts';
import { type Outcome, outcomeOfError, outcomeOfResponse } from './outcome.ts';
import type { RequestPipeline } from './request-pipeline.ts';

/** One request of a caller that cannot answer HTTP (events, the Slack worker). */
export interface PipelineRequest {
  operation: AnyOperation;
  raw: RawOperationInput;
  /** The id this delivery is logged and reported under. */
  correlationId: string;
  /**
   * The correlation id the caller gave, if it gave one: part of the request's identity.
   * Callers that never take one from their sender (the Slack worker) leave it out.
   */
  givenCorrelationId?: string | undefined;
}

/** The time a settled request has. */
export interface SettleLimits {
  /** Bounds the claim of the request and the BCS and IAM calls. */
  signal: AbortSignal;
  /** Bounds remembering the outcome, which must happen even after `signal` fired. */
  recordSignal: AbortSignal;
  /** The invocation's end (epoch milliseconds): how long a claim on the request lasts. */
  inProgressUntil: number;
}

/** What {@link settleRequest} runs a request with. */
export interface SettleParts {
  pipeline: RequestPipeline;
  /** The duplicate check's store; `undefined`: none (every delivery runs). May throw `BCSGW.5000002`. */
  idempotencyStore: () => IdempotencyStore | undefined;
  /** Carries the request's ids. */
  log: Logger;
}

/** What became of a settled request. */
export interface Settled {
  outcome: Outcome;
  /** Set when this delivery ran nothing because the request had been seen before. */
  duplicate?: Duplicate;
  /** The request as admitted, when it was valid and allowed. */
  admitted?: AdmittedRequest | undefined;
}

/**
 * The pipeline of callers that may deliver the same request twice (events, chat-ops): admit
 * the request (validated once, project checked), claim it (`runOnce`, when a table is
 * configured), call BCS, and turn whatever happened into an {@link Outcome}. Never throws:
 * a request refused before the claim (invalid, not allowed) gets its failed outcome.
 *
 * @example
 * ```ts
 * const { outcome, duplicate, admitted } = await settleRequest(
 *   { operation: quitConsortium, raw, correlationId },
 *   { signal, recordSignal, inProgressUntil },
 *   { pipeline: sharedRequestPipeline(), idempotencyStore: sharedIdempotencyStore, log },
 * );
 * ```
 */
export const settleRequest = async (
  { operation, raw, correlationId, givenCorrelationId }: PipelineRequest,
  limits: SettleLimits,
  { pipeline: { config, callBcs }, idempotencyStore, log }: SettleParts,
): Promise<Settled> => {
  const { name } = operation;
  const failed = (error: unknown) => outcomeOfError(name, error);
  let admitted: AdmittedRequest | undefined;
  try {
    admitted = admitRequest(operation, raw, allowedProjectIds(config));
    const request = admitted;
    const store = idempotencyStore();
    const attempt = (): Promise<Outcome> =>
      callBcs(request, limits.signal).then(
        (answer) => outcomeOfResponse(name, request.projectId, answer),
        failed,
      );
    return {
      admitted,
      ...(store
        ? await runOnce(attempt, {
            ...limits,
            store,
            key: requestKey(name, request.input, givenCorrelationId),
            operation: name,
            correlationId,
            log,
          })
        : { outcome: await attempt() }),
    };
  } catch (error) {
    return { admitted, outcome: failed(error) };
  }
};
