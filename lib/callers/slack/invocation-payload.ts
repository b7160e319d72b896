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
export type FieldChecks = Record<string, boolean>;

/**
 * The checks of a payload's {@link CommandOrigin} fields: the worker and the status function
 * read them alike (the host of `response_url` is checked by `checkResponseUrl` once the
 * settings are read).
 *
 * @example
 * ```ts
 * originChecks({ user_id: 'U1', team_id: 'T1', response_url: 'https://hooks.slack.com/x', correlation_id: '../' });
 * // { response_url: true, user_id: true, team_id: true, correlation_id: false }
 * ```
 */
export const originChecks = ({
  response_url,
  user_id,
  team_id,
  correlation_id,
}: Record<string, unknown>): FieldChecks => ({
  response_url: typeof response_url === 'string' && response_url.length <= 2000,
  user_id: typeof user_id === 'string' && SLACK_ID.test(user_id),
  team_id: typeof team_id === 'string' && SLACK_ID.test(team_id),
  correlation_id: typeof correlation_id === 'string' && CORRELATION_ID.test(correlation_id),
});

/**
 * Throws a {@link GatewayError} (`BCSGW.4000001`) naming every field whose check failed;
 * returns when none did.
 *
 * @example
 * ```ts
 * refuseMalformed({ operation: false, user_id: true }); // throws 'Invalid request: operation: missing or malformed'
 * ```
 */
export const refuseMalformed = (usable: FieldChecks): void => {
  const wrong = Object.keys(usable).filter((field) => !usable[field]);
  if (wrong.length > 0) {
    throw new GatewayError(
      ErrorCodes.invalidInput,
      `Invalid request: ${wrong.join(', ')}: missing or malformed`,
    );
  }
};
