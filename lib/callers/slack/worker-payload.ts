import { SLACK_ID } from '../../config/slack-config.ts';
import * as ErrorCodes from '../../errors/error-codes.ts';
import { GatewayError } from '../../errors/gateway-error.ts';
import { isJsonObject } from '../../json/json-object.ts';
import { jsonByteLength } from '../../json/json-size.ts';
import { type OperationName, operationsByName } from '../../operations/catalogue.ts';
import { MAX_BODY_BYTES, refuseOversized } from '../body-limit.ts';

/**
 * What the command function hands the worker (as an asynchronous Lambda invocation). The
 * worker checks it again: a payload is never trusted, whoever may invoke the worker.
 */
export interface WorkerPayload {
  operation: OperationName;
  /** Checked by the operation's own schema when it runs. */
  input: { path: unknown; body: unknown };
  response_url: string;
  user_id: string;
  team_id: string;
  correlation_id: string;
}

/** A Lambda request id (a UUID), or a local one. */
const CORRELATION_ID = /^[\w.-]{1,100}$/;

/**
 * The payload in `event`, or a {@link GatewayError} (`BCSGW.4000001`) naming every field that
 * is missing or malformed; an `input` over {@link MAX_BODY_BYTES} as JSON is refused
 * (`BCSGW.4130001`) before anything reads it. (Checked by hand: a schema library's extra
 * rules would cost the worker's bundle more than these lines.)
 *
 * @example
 * ```ts
 * const payload = readWorkerPayload(event); // throws on { operation: 'delete-everything' }
 * ```
 */
export const readWorkerPayload = (event: unknown): WorkerPayload => {
  const payload = (isJsonObject(event) ? event : {}) as Record<string, unknown>;
  const { operation, input, response_url, user_id, team_id, correlation_id } = payload;
  // Each field of the payload and whether it is usable, in the order a refusal names them.
  const usable: Record<string, boolean> = {
    operation: typeof operation === 'string' && Object.hasOwn(operationsByName, operation),
    input: isJsonObject(input),
    response_url: typeof response_url === 'string' && response_url.length <= 2000,
    user_id: typeof user_id === 'string' && SLACK_ID.test(user_id),
    team_id: typeof team_id === 'string' && SLACK_ID.test(team_id),
    correlation_id: typeof correlation_id === 'string' && CORRELATION_ID.test(correlation_id),
  };
  const wrong = Object.keys(usable).filter((field) => !usable[field]);
  if (wrong.length > 0) {
    throw new GatewayError(
      ErrorCodes.invalidInput,
      `Invalid request: ${wrong.join(', ')}: missing or malformed`,
    );
  }
  const { path, body } = input as Record<string, unknown>;
  refuseOversized('input', jsonByteLength({ path, body }, MAX_BODY_BYTES), { exact: false });
  return { ...(payload as unknown as WorkerPayload), input: { path, body } };
};
