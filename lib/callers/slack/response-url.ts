import { isHttpsOrLoopback } from '../../config/environment.ts';
import * as ErrorCodes from '../../errors/error-codes.ts';
import { GatewayError } from '../../errors/gateway-error.ts';
import type { SlackMessage } from './replies.ts';

/**
 * The `response_url` of a command, if it may be posted to: an https URL (plain http only on
 * loopback, for local runs) whose host is one of `hosts`, with no user info. Anything else
 * is refused, so that a forged payload cannot make the worker call an internal address.
 *
 * @example
 * ```ts
 * checkResponseUrl('https://hooks.slack.com/commands/T1/2/abc', new Set(['hooks.slack.com']));
 * ```
 */
export const checkResponseUrl = (value: unknown, hosts: ReadonlySet<string>): URL => {
  // URL.parse gives null where `new URL` would throw.
  const url = typeof value === 'string' ? URL.parse(value) : null;
  if (
    !url ||
    !isHttpsOrLoopback(url) ||
    url.username !== '' ||
    url.password !== '' ||
    !(hosts.has(url.hostname) || hosts.has(url.host))
  ) {
    throw new GatewayError(
      ErrorCodes.invalidInput,
      `Invalid request: response_url must be an https URL on ${[...hosts].join(', ')} ` +
        '(SLACK_RESPONSE_URL_HOSTS)',
    );
  }
  return url;
};

/**
 * POSTs `message` to a checked `response_url`. Throws when Slack does not take it (not
 * answering 2xx, unreachable, too slow for `signal`); redirects are not followed.
 *
 * @example
 * ```ts
 * await postToResponseUrl(url, { response_type: 'in_channel', text: 'done' }, AbortSignal.timeout(5000));
 * ```
 */
export const postToResponseUrl = async (
  url: URL,
  message: SlackMessage,
  signal: AbortSignal,
  fetchImpl: typeof fetch = fetch,
): Promise<void> => {
  const response = await fetchImpl(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
    redirect: 'error',
    signal,
  });
  const answer = await response.text();
  if (!response.ok) {
    throw new Error(
      `response_url answered ${response.status}: ${answer.slice(0, 200).replace(/[^\x20-\x7e]/g, '?')}`,
    );
  }
};
