import * as ErrorCodes from '../errors/error-codes.ts';
import { GatewayError } from '../errors/gateway-error.ts';

/**
 * The largest request any caller may hand over, in bytes: an HTTP body, an SQS message body,
 * an EventBridge `detail` (as JSON), a Slack form body, a worker's input. The largest valid
 * request is about 13 KB (100 organization names of 128 characters).
 */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Refuses a request of `bytes` bytes over `maxBytes` with `BCSGW.4130001` (413). `bytes` may
 * be a lower bound (a measure that stopped counting once over the limit): the message then
 * says "over".
 *
 * @example
 * ```ts
 * refuseOversized('message body', Buffer.byteLength(record.body));
 * // throws: "The message body is 70000 bytes; at most 65536 are accepted"
 * ```
 */
export const refuseOversized = (
  what: string,
  bytes: number,
  { maxBytes = MAX_BODY_BYTES, exact = true }: { maxBytes?: number; exact?: boolean } = {},
): void => {
  if (bytes <= maxBytes) return;
  throw new GatewayError(
    ErrorCodes.bodyTooLarge,
    `The ${what} is ${exact ? bytes : `over ${maxBytes}`} bytes; at most ${maxBytes} are accepted`,
  );
};
