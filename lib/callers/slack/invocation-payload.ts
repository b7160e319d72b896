import { SLACK_ID } from '../../config/slack-config.ts';
import * as ErrorCodes from '../../errors/error-codes.ts';
import { GatewayError } from '../../errors/gateway-error.ts';

/** What every payload the Slack command hands a function says of the command: who, where to. */
export interface CommandOrigin {
  /** Checked again against `SLACK_RESPONSE_URL_HOSTS` before anything is posted there. */
  response_url: string;
  user_id: string;
  team_id: string;
  /** The command function's request id: every line of both functions carries it. */
  correlation_id: string;
}

/** A Lambda request id (a UUID), or a local one. */
const CORRELATION_ID = /^[\w.-]{1,100}$/;

/** Each field of a payload and whether it is usable, in the order a refusal names them. */
/** Whether `value` is a string `pattern` matches (`test` alone would read `['U1']` as `U1`). */
const matches = (pattern: RegExp, value: unknown): boolean =>
  typeof value === 'string' && pattern.test(value);

export type FieldChecks = Record<string, boolean>;

/**
 * Checks a payload the command handed over: `own`, the checks of the fields of its kind, then
 * those of its {@link CommandOrigin} fields, which the worker and the status function read alike
 * (the host of `response_url` is checked by `checkResponseUrl` once the settings are read).
 * Throws a {@link GatewayError} (`BCSGW.4000001`) naming every field whose check failed.
 * (One function: the worker's bundle has no bytes for two.)
 *
 * @example
 * ```ts
 * refuseMalformed(payload, { operation: false }); // throws 'Invalid request: operation: missing or malformed'
 * ```
 */
export const refuseMalformed = (payload: Record<string, unknown>, own: FieldChecks): void => {
  const { response_url, user_id, team_id, correlation_id } = payload;
  const usable: FieldChecks = {
    ...own,
    response_url: typeof response_url === 'string' && response_url.length <= 2000,
    user_id: matches(SLACK_ID, user_id),
    team_id: matches(SLACK_ID, team_id),
    correlation_id: matches(CORRELATION_ID, correlation_id),
  };
  const wrong = Object.keys(usable).filter((field) => !usable[field]);
  if (wrong.length > 0) {
    throw new GatewayError(
      ErrorCodes.invalidInput,
      `Invalid request: ${wrong.join(', ')}: missing or malformed`,
    );
  }
};
