import { clampMessage, normalizeError } from './errors/normalize-error.ts';
import type { OffboardResponse, OffboardService } from './offboard-service.ts';
import type { Operation, RawOperationInput } from './operations/operation.ts';

/**
 * What became of one operation, for callers that cannot answer HTTP (events, chat-ops):
 * published for workflows, logged, and used to decide whether a message is retried.
 */
export type Outcome =
  | {
      result: 'succeeded';
      operation: string;
      status: number;
      operation_id: string;
      bcs_request_id?: string;
      /** BCS refused our cached token first; the call was made again after a new sign-in. */
      token_renewed?: true;
    }
  | {
      result: 'failed';
      operation: string;
      status: number;
      error_code: string;
      error_msg: string;
      /** Nothing was applied and the cause may pass: the same input may be tried again. */
      retryable: boolean;
      /** The PUT may have been applied: look up BCS operation records, do not resend blindly. */
      may_have_been_applied: boolean;
      bcs_request_id?: string;
      /** BCS refused our cached token first; the call was made again after a new sign-in. */
      token_renewed?: true;
    };

/** BCS answers that say "try later": the request was not applied. */
const TRY_LATER_STATUSES = new Set([429, 503]);
const TRY_LATER_CODES = new Set(['BCS.4001020']);
/** BCS or its gateway failed while the request was in its hands. */
const UNCERTAIN_STATUSES = new Set([500, 502, 504]);

/**
 * Runs `operation` and turns every ending, BCS's answers and our own errors alike, into an
 * {@link Outcome}. Never throws.
 *
 * @example
 * ```ts
 * const outcome = await runForOutcome(sharedOffboardService(), removeChannelOrgs, { path, body }, signal);
 * if (outcome.result === 'failed' && outcome.retryable) retryLater();
 * ```
 */
export const runForOutcome = async <I extends { 'X-Auth-Token'?: string | undefined }>(
  service: () => OffboardService,
  operation: Operation<I>,
  raw: RawOperationInput,
  signal: AbortSignal,
): Promise<Outcome> => {
  let response: OffboardResponse;
  try {
    response = await service().run(operation, raw, signal);
  } catch (thrown) {
    return outcomeOfError(operation.name, thrown);
  }
  const requestId = {
    ...(response.requestId !== undefined && { bcs_request_id: response.requestId }),
    ...(response.tokenRenewed && { token_renewed: true as const }),
  };
  if (response.status >= 200 && response.status < 300) {
    return {
      result: 'succeeded',
      operation: operation.name,
      status: response.status,
      operation_id: String(response.json.operation_id),
      ...requestId,
    };
  }
  const errorCode = String(response.json.error_code);
  return {
    result: 'failed',
    operation: operation.name,
    status: response.status,
    error_code: errorCode,
    error_msg: String(response.json.error_msg),
    retryable: TRY_LATER_STATUSES.has(response.status) || TRY_LATER_CODES.has(errorCode),
    may_have_been_applied: UNCERTAIN_STATUSES.has(response.status),
    ...requestId,
  };
};

/**
 * The outcome of a failure of our own (anything thrown), normalized as an HTTP caller would
 * see it: its message held to BCS's 512 characters (a message naming every offending field
 * can be longer; in a dead-letter queue's attributes or an EventBridge event it must not be).
 *
 * @example
 * ```ts
 * outcomeOfError('quit-consortium', new SyntaxError('Unexpected token')); // BCSGW.5000001, not retryable
 * ```
 */
export const outcomeOfError = (operation: string, thrown: unknown): Outcome => {
  const error = normalizeError(thrown);
  return {
    result: 'failed',
    operation,
    status: error.statusCode,
    error_code: error.errorCode,
    error_msg: clampMessage(error.message),
    retryable: error.transient,
    may_have_been_applied: error.mayHaveBeenApplied,
  };
};
