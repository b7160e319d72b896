import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../../lib/callers/body-limit.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';
import { bodySizeLimit } from '../../../lib/middlewares/body-size-limit.ts';
import { removeChannelOrgsEvent } from '../../helpers/events.ts';
import { lambdaContext } from '../../helpers/lambda-context.ts';

/** Runs the middleware's `before` on `event`; what it threw, if anything. */
const check = (event: APIGatewayProxyEventV2, maxBytes = MAX_BODY_BYTES): unknown => {
  const { before } = bodySizeLimit({ maxBytes });
  try {
    // biome-ignore lint/suspicious/noExplicitAny: the middleware reads the event only.
    before?.({ event, context: lambdaContext() } as any);
    return undefined;
  } catch (error) {
    return error;
  }
};

describe('bodySizeLimit', () => {
  it('refuses a body one byte over the limit with 413 BCSGW.4130001', () => {
    // Prepare
    const event = removeChannelOrgsEvent({ body: 'x'.repeat(101) });

    // Act
    const error = check(event, 100);

    // Assess
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({
      statusCode: 413,
      errorCode: 'BCSGW.4130001',
      message: 'The body is 101 bytes; at most 100 are accepted',
    });
  });

  it('counts bytes, not characters', () => {
    // Prepare
    const event = removeChannelOrgsEvent({ body: 'é'.repeat(51) });

    // Act
    const error = check(event, 100);

    // Assess
    expect(error).toMatchObject({ errorCode: 'BCSGW.4130001' });
  });

  it('lets a body at the limit through', () => {
    // Prepare
    const event = removeChannelOrgsEvent({ body: 'x'.repeat(100) });

    // Act
    const error = check(event, 100);

    // Assess
    expect(error).toBeUndefined();
  });

  it('lets a base64 body of exactly 64 KiB decoded through (its base64 ends in "==")', () => {
    // Prepare: found by mutation testing: the estimate ignored padding and said 65538
    const event = removeChannelOrgsEvent({
      body: 'x'.repeat(MAX_BODY_BYTES),
      isBase64Encoded: true,
    });

    // Act
    const error = check(event);

    // Assess
    expect(event.body?.endsWith('==')).toBe(true);
    expect(error).toBeUndefined();
  });

  it.each([
    ['"="', 1],
    ['no', 2],
    ['"=="', 3],
  ])(
    'refuses a base64 body over 64 KiB decoded, its padding %s, saying its decoded size',
    (_padding, over) => {
      // Prepare
      const size = MAX_BODY_BYTES + over;
      const event = removeChannelOrgsEvent({ body: 'x'.repeat(size), isBase64Encoded: true });

      // Act
      const error = check(event);

      // Assess
      expect(error).toMatchObject({
        errorCode: 'BCSGW.4130001',
        message: `The body is ${size} bytes; at most ${MAX_BODY_BYTES} are accepted`,
      });
    },
  );

  it('leaves a null body to the JSON body parser instead of failing with a 500', () => {
    // Prepare: found by test/functions/hostile-input.test.ts (payload 1.0 and hand-written events)
    const event = { ...removeChannelOrgsEvent(), body: null } as unknown as APIGatewayProxyEventV2;

    // Act
    const error = check(event);

    // Assess
    expect(error).toBeUndefined();
  });
});
