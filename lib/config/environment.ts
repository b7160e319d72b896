/**
 * The items of a comma-separated setting (`ALLOWED_PROJECT_IDS`, Slack's id lists), each
 * trimmed, empty ones left out; `undefined` when the setting is unset or blank. A setting of
 * commas alone is an empty set, not `undefined`: it allows nothing rather than everything.
 *
 * @example
 * ```ts
 * commaSeparated(' p1, p2 ,'); // Set { 'p1', 'p2' }
 * ```
 */
export const commaSeparated = (value: string | undefined): ReadonlySet<string> | undefined =>
  value?.trim()
    ? new Set(
        value
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item !== ''),
      )
    : undefined;

/**
 * Whether `url` may carry a token or a password: https, or plain http to this machine only
 * (`127.0.0.1`, `localhost`, `[::1]`: local runs and tests).
 *
 * @example
 * ```ts
 * isHttpsOrLoopback(new URL('http://127.0.0.1:4010')); // true
 * ```
 */
export const isHttpsOrLoopback = ({ protocol, hostname }: URL): boolean =>
  protocol === 'https:' ||
  (protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(hostname));

/**
 * A setting's value trimmed, or `undefined` when it is unset or blank.
 *
 * @example
 * ```ts
 * trimmed(' bcs-offboard-worker '); // 'bcs-offboard-worker'
 * ```
 */
export const trimmed = (value: string | undefined): string | undefined =>
  value?.trim() || undefined;
