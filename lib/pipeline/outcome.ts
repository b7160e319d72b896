import type { BcsResponse } from '../bcs/client.ts';
import { type Delivery, MAY_HAVE_APPLIED, NOT_SENT } from '../errors/gateway-error.ts';
import { clampMessage, normalizeError } from '../errors/normalize-error.ts';

/** What every outcome may add: BCS's request id, and whether our token was renewed first. */
interface OutcomeExtra {
  bcs_request_id?: string;
  /** BCS refused our cached token first; the call was made again after a new sign-in. */
  token_renewed?: true;
}

/** An operation BCS accepted: the tracker follows `operation_id` in `project_id`. */
export interface Succeeded extends OutcomeExtra {
  result: 'succeeded';
  operation: string;
  status: number;
  operation_id: string;
  project_id: string;
}

/** An operation that failed, with how far it got ({@link Delivery}). */
export interface Failed extends OutcomeExtra {
  result: 'failed';
  operation: string;
  status: number;
  error_code: string;
  error_msg: string;
  delivery: Delivery;
}

/**
 * What became of one operation, for callers that cannot answer HTTP (events, chat-ops):
 * published for workflows, logged, remembered against duplicates, and used to decide whether
 * a message is retried. It leaves this process as {@link outcomeDetail}.
 */
export type Outcome = Succeeded | Failed;

/**
 * An outcome as it is published, logged and remembered (the README documents it): the
 * delivery state said as two flags, in the order workflows have always read them.
 */
export type OutcomeDetail =
  | Succeeded
  | (Omit<Failed, 'delivery'> & {
      /** Nothing was applied and the cause may pass: the same input may be tried again. */
      retryable: boolean;
      /** The PUT may have been applied: look up BCS operation records, do not resend blindly. */
      may_have_been_applied: boolean;
    });

/** BCS answers that say "try later": the request was not applied. */
const TRY_LATER_STATUSES = [429, 503];
const TRY_LATER_CODE = 'BCS.4001020';
/** BCS or its gateway failed while the request was in its hands. */
const UNCERTAIN_STATUSES = [500, 502, 504];

/**
 * The outcome of BCS's answer (after authentication: `tokenRenewed` says a new token was
 * needed). A 2xx succeeded; any other status failed, with the delivery its status implies.
 *
 * @example
 * ```ts
 * outcomeOfResponse('quit-consortium', 'p1', { status: 200, json: { operation_id: 'op-1' }, ... });
 * // { result: 'succeeded', operation: 'quit-consortium', status: 200, operation_id: 'op-1', project_id: 'p1' }
 * ```
 */
export const outcomeOfResponse = (
  operation: string,
  projectId: string,
  { status, json, requestId, tokenRenewed }: BcsResponse & { tokenRenewed?: true },
): Outcome => {
  const extra: OutcomeExtra = {
    ...(requestId !== undefined && { bcs_request_id: requestId }),
    ...(tokenRenewed && { token_renewed: true as const }),
  };
  if (status >= 200 && status < 300) {
    return {
      result: 'succeeded',
      operation,
      status,
      operation_id: `${json.operation_id}`,
      project_id: projectId,
      ...extra,
    };
  }
  const errorCode = `${json.error_code}`;
  const delivery: Delivery = UNCERTAIN_STATUSES.includes(status)
    ? MAY_HAVE_APPLIED
    : TRY_LATER_STATUSES.includes(status) || errorCode === TRY_LATER_CODE
      ? NOT_SENT
      : 'final';
  return failed(operation, status, errorCode, `${json.error_msg}`, delivery, extra);
};

/**
 * The outcome of a failure of our own (anything thrown), normalized as an HTTP caller would
 * see it: its message held to BCS's 512 characters (a message naming every offending field
 * can be longer; in a dead-letter queue's attributes or an EventBridge event it must not be).
 *
 * @example
 * ```ts
 * outcomeOfError('quit-consortium', new SyntaxError('Unexpected token')); // BCSGW.5000001, final
 * ```
 */
export const outcomeOfError = (operation: string, thrown: unknown): Failed => {
  const error = normalizeError(thrown);
  return failed(
    operation,
    error.statusCode,
    error.errorCode,
    clampMessage(error.message),
    error.delivery,
  );
};

/** A failed {@link Outcome}, its fields in the order they are published. */
const failed = (
  operation: string,
  status: number,
  error_code: string,
  error_msg: string,
  delivery: Delivery,
  extra?: OutcomeExtra,
): Failed => ({
  result: 'failed',
  operation,
  status,
  error_code,
  error_msg,
  delivery,
  ...extra,
});

/**
 * The outcome as it leaves this process (published, logged, remembered): a failure's
 * delivery said as `retryable` (not sent) and `may_have_been_applied`.
 *
 * @example
 * ```ts
 * outcomeDetail(outcomeOfError('quit-consortium', error));
 * // { result: 'failed', ..., error_msg, retryable: false, may_have_been_applied: true }
 * ```
 */
export const outcomeDetail = (outcome: Outcome): OutcomeDetail => {
  if (outcome.result === 'succeeded') return outcome;
  const { delivery, ...fields } = outcome;
  return {
    ...fields,
    retryable: delivery === NOT_SENT,
    may_have_been_applied: delivery === MAY_HAVE_APPLIED,
  };
};
