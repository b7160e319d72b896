import type middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ErrorCodes } from '../errors/error-codes.ts';
import { GatewayError } from '../errors/gateway-error.ts';

export interface BodySizeLimitOptions {
  maxBytes: number;
}

/**
 * middy `before`: refuses a body over `maxBytes` (decoded size) with `BCSGW.4130001`, before
 * anything parses it.
 *
 * @example
 * ```ts
 * middy().use(bodySizeLimit({ maxBytes: 64 * 1024 }));
 * ```
 */
export const bodySizeLimit = ({
  maxBytes,
}: BodySizeLimitOptions): middy.MiddlewareObj<APIGatewayProxyEventV2> => ({
  before: ({ event }) => {
    if (event.body === undefined) return;
    const bytes = event.isBase64Encoded
      ? Math.floor((event.body.length * 3) / 4)
      : Buffer.byteLength(event.body);
    if (bytes > maxBytes) {
      throw new GatewayError(
        ErrorCodes.bodyTooLarge,
        `The body is ${bytes} bytes; at most ${maxBytes} are accepted`,
      );
    }
  },
});
