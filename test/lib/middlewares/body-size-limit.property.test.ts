import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodySizeLimit } from '../../../lib/middlewares/body-size-limit.ts';
import { removeChannelOrgsEvent } from '../../helpers/events.ts';
import { lambdaContext } from '../../helpers/lambda-context.ts';

/** Runs the middleware's `before` on `event`; what it threw, if anything. */
const check = (event: APIGatewayProxyEventV2, maxBytes: number): unknown => {
  const { before } = bodySizeLimit({ maxBytes });
  try {
    // biome-ignore lint/suspicious/noExplicitAny: the middleware reads the event only.
    before?.({ event, context: lambdaContext() } as any);
    return undefined;
  } catch (error) {
    return error;
  }
};

/** Valid base64 of any bytes, padded as Buffer writes it or with its padding left off. */
const base64Body = fc
  .tuple(fc.uint8Array({ maxLength: 300 }), fc.boolean())
  .map(([bytes, padded]) => {
    const text = Buffer.from(bytes).toString('base64');
    return padded ? text : text.replace(/=+$/, '');
  });

/** An HTTP event carrying `body` as it is, base64-encoded. */
const base64Event = (body: string): APIGatewayProxyEventV2 => ({
  ...removeChannelOrgsEvent(),
  body,
  isBase64Encoded: true,
});

describe('bodySizeLimit (properties)', () => {
  it('measures a base64 body as the bytes it decodes to', () => {
    fc.assert(
      fc.property(base64Body, (body) => {
        // Prepare: a limit of 0 refuses any non-empty body, saying how large it is
        const decoded = Buffer.from(body, 'base64').length;
        fc.pre(decoded > 0);

        // Act
        const error = check(base64Event(body), 0);

        // Assess
        expect(error).toMatchObject({
          message: `The body is ${decoded} bytes; at most 0 are accepted`,
        });
      }),
    );
  });

  it('lets a base64 body through exactly when it decodes to at most the limit', () => {
    fc.assert(
      fc.property(base64Body, fc.nat({ max: 300 }), (body, maxBytes) => {
        // Act
        const error = check(base64Event(body), maxBytes);

        // Assess
        expect(error === undefined).toBe(Buffer.from(body, 'base64').length <= maxBytes);
      }),
    );
  });
});
