import type middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { refuseOversized } from '../callers/body-limit.ts';

export interface BodySizeLimitOptions {
  maxBytes: number;
}

/**
 * middy `before`: refuses a body over `maxBytes` (decoded size) with `BCSGW.4130001`, before
 * anything parses it. A body that is not text (absent, or `null` as hand-written events and
 * payload 1.0 have it) has no size: the JSON body parser refuses it.
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
    if (typeof event.body !== 'string') return;
    // Decoded size, counted without decoding; exact for valid base64, padding included.
    const bytes = Buffer.byteLength(
      event.body,
      event.isBase64Encoded
        ? 'base64'
        : // Stryker disable next-line StringLiteral: Buffer.byteLength(text, '') also counts UTF-8.
          'utf8',
    );
    refuseOversized('body', bytes, { maxBytes });
  },
});
