import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../../../lib/callers/body-limit.ts';
import {
  describeUnreadable,
  eventBridgeRequest,
  MAX_ECHOED_CORRELATION_ID,
  sqsRequest,
} from '../../../../lib/callers/events/event-request.ts';
import { GatewayError } from '../../../../lib/errors/gateway-error.ts';

/** The error code `read` throws, or `undefined` when it reads a request. */
const codeThrownBy = (read: () => unknown): string | undefined => {
  try {
    read();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return (error as GatewayError).errorCode;
  }
};

/** Text of any kind whose size in bytes lands within a few KiB of the limit, either side. */
const textNearTheLimit = (): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.integer({ min: -2048, max: 2048 }),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }),
      fc.string({ maxLength: 64 }),
    )
    .map(([over, unit, head]) => {
      const room = MAX_BODY_BYTES + over - Buffer.byteLength(head);
      return head + unit.repeat(Math.max(0, Math.floor(room / Buffer.byteLength(unit))));
    });

describe('the size limit of event requests', () => {
  it('refuses an SQS message body with BCSGW.4130001 exactly when it is over 64 KiB', () => {
    fc.assert(
      fc.property(textNearTheLimit(), (body) => {
        // Act
        const code = codeThrownBy(() => sqsRequest(body, 'm-1'));

        // Assess
        const over = Buffer.byteLength(body) > MAX_BODY_BYTES;
        expect(code === 'BCSGW.4130001').toBe(over);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses an EventBridge detail with BCSGW.4130001 exactly when its JSON is over 64 KiB', () => {
    fc.assert(
      fc.property(
        textNearTheLimit(),
        fc.jsonValue({ maxDepth: 2 }),
        fc.constantFrom('BCS Quit Consortium Requested', 'BCS Remove Channel Orgs Requested', 'x'),
        (padding, extra, detailType) => {
          // Prepare
          const detail = { path: {}, body: extra, padding };

          // Act
          const code = codeThrownBy(() => eventBridgeRequest(detailType, detail, 'e-1'));

          // Assess
          const over = Buffer.byteLength(JSON.stringify(detail)) > MAX_BODY_BYTES;
          expect(code === 'BCSGW.4130001').toBe(over);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('describeUnreadable', () => {
  it('echoes any correlation_id string of 1 to 256 characters, valid or not, and the fallback id for anything else', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', minLength: 1, maxLength: MAX_ECHOED_CORRELATION_ID }),
          fc.string({ minLength: MAX_ECHOED_CORRELATION_ID + 1, maxLength: 600 }),
          fc.constant(''),
          fc.anything(),
        ),
        fc.anything(),
        (correlationId, operation) => {
          // Prepare
          const message = { operation, correlation_id: correlationId };

          // Act
          const described = describeUnreadable(message, 'message-id');

          // Assess
          const echoed =
            typeof correlationId === 'string' &&
            correlationId.length >= 1 &&
            correlationId.length <= MAX_ECHOED_CORRELATION_ID;
          expect(described.correlationId).toBe(echoed ? correlationId : 'message-id');
          expect(['quit-consortium', 'remove-channel-orgs', 'unknown']).toContain(
            described.operation,
          );
        },
      ),
    );
  });
});
