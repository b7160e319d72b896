import type middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { refuseOversized } from '../body-limit.ts';

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
    const bytes = event.isBase64Encoded
      ? Math.floor((event.body.length * 3) / 4)
      : Buffer.byteLength(event.body);
    refuseOversized('body', bytes, { maxBytes });
  },
});
