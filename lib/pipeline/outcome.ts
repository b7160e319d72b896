import { clampMessage, normalizeError } from '../errors/normalize-error.ts';
import type { Operation, RawOperationInput } from '../operations/operation.ts';
import type { OffboardResponse, OffboardService } from './call-bcs.ts';

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
const TRY_LATER_STATUSES = [429, 503];
const TRY_LATER_CODE = 'BCS.4001020';
/** BCS or its gateway failed while the request was in its hands. */
const UNCERTAIN_STATUSES = [500, 502, 504];

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
  const { status, json, requestId, tokenRenewed } = response;
  const extra = {
    ...(requestId !== undefined && { bcs_request_id: requestId }),
    ...(tokenRenewed && { token_renewed: true as const }),
  };
  if (status >= 200 && status < 300) {
    return {
      result: 'succeeded',
      operation: operation.name,
      status,
      operation_id: `${json.operation_id}`,
      ...extra,
    };
  }
  const errorCode = `${json.error_code}`;
  return failed(
    operation.name,
    status,
    errorCode,
    `${json.error_msg}`,
    TRY_LATER_STATUSES.includes(status) || errorCode === TRY_LATER_CODE,
    UNCERTAIN_STATUSES.includes(status),
    extra,
  );
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
  return failed(
    operation,
    error.statusCode,
    error.errorCode,
    clampMessage(error.message),
    error.transient,
    error.mayHaveBeenApplied,
  );
};

/** A failed {@link Outcome}, its fields in the order they are published. */
const failed = (
  operation: string,
  status: number,
  error_code: string,
  error_msg: string,
  retryable: boolean,
  may_have_been_applied: boolean,
  extra?: { bcs_request_id?: string; token_renewed?: true },
): Outcome => ({
  result: 'failed',
  operation,
  status,
  error_code,
  error_msg,
  retryable,
  may_have_been_applied,
  ...extra,
});
