import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../../../lib/callers/body-limit.ts';
import {
  describeUnreadable,
  eventBridgeRequest,
  sqsRequest,
} from '../../../../lib/callers/events/event-request.ts';
import { GatewayError } from '../../../../lib/errors/gateway-error.ts';
import { removeOrgsInput } from '../../../helpers/operation-inputs.ts';

/** What `read` threw (the test fails if it threw nothing). */
const thrownBy = (read: () => unknown): GatewayError => {
  try {
    read();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
};

/** A valid SQS message body, padded with spaces to `bytes` bytes (still valid JSON). */
const messageOfSize = (bytes: number): string => {
  const text = JSON.stringify({ operation: 'remove-channel-orgs', ...removeOrgsInput() });
  return text.padEnd(bytes, ' ');
};

/** A detail whose JSON text is `bytes` bytes: a valid request plus a padding field. */
const detailOfSize = (bytes: number): Record<string, unknown> => {
  const frame = { ...removeOrgsInput(), padding: '' };
  return { ...frame, padding: 'x'.repeat(bytes - Buffer.byteLength(JSON.stringify(frame))) };
};

describe('sqsRequest', () => {
  it('refuses a message body over 64 KiB with 413 BCSGW.4130001 before parsing it', () => {
    // Prepare: not even JSON, so a parse would have answered BCSGW.4000002
    const body = `{${'x'.repeat(MAX_BODY_BYTES)}`;

    // Act
    const error = thrownBy(() => sqsRequest(body, 'm-1'));

    // Assess
    expect(error).toMatchObject({
      statusCode: 413,
      errorCode: 'BCSGW.4130001',
      message: `The message body is ${MAX_BODY_BYTES + 1} bytes; at most ${MAX_BODY_BYTES} are accepted`,
      delivery: 'final',
    });
  });

  it('counts the bytes of a message body, not its characters', () => {
    // Prepare
    const body = `"${'é'.repeat(MAX_BODY_BYTES / 2)}"`;

    // Act
    const error = thrownBy(() => sqsRequest(body, 'm-1'));

    // Assess
    expect(error.errorCode).toBe('BCSGW.4130001');
  });

  it('reads a message body of exactly 64 KiB', () => {
    // Prepare
    const body = messageOfSize(MAX_BODY_BYTES);

    // Act
    const request = sqsRequest(body, 'm-1');

    // Assess
    expect(request.operation.name).toBe('remove-channel-orgs');
    expect(request.correlationId).toBe('m-1');
  });
});

describe('eventBridgeRequest', () => {
  it('refuses a detail over 64 KiB as JSON with 413 BCSGW.4130001, whatever its detail-type', () => {
    // Prepare
    const detail = detailOfSize(MAX_BODY_BYTES + 1);

    // Act
    const error = thrownBy(() =>
      eventBridgeRequest('BCS Delete Everything Requested', detail, 'e-1'),
    );

    // Assess
    expect(error).toMatchObject({
      statusCode: 413,
      errorCode: 'BCSGW.4130001',
      message: `The detail is over ${MAX_BODY_BYTES} bytes; at most ${MAX_BODY_BYTES} are accepted`,
      delivery: 'final',
    });
  });

  it('refuses a detail nested deeper than JSON.stringify can write, without overflowing the stack', () => {
    // Prepare
    const depth = MAX_BODY_BYTES;
    const detail = {
      ...removeOrgsInput(),
      correlation_id: JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`),
    };

    // Act
    const error = thrownBy(() =>
      eventBridgeRequest('BCS Remove Channel Orgs Requested', detail, 'e-1'),
    );

    // Assess
    expect(error.errorCode).toBe('BCSGW.4130001');
  });

  it('reads a detail of exactly 64 KiB as far as its fields allow', () => {
    // Prepare
    const detail = detailOfSize(MAX_BODY_BYTES);

    // Act
    const error = thrownBy(() =>
      eventBridgeRequest('BCS Remove Channel Orgs Requested', detail, 'e-1'),
    );

    // Assess: the padding is an unknown field, not too many bytes
    expect(error.errorCode).toBe('BCSGW.4000001');
    expect(error.message).toContain('padding');
  });
});

describe('describeUnreadable', () => {
  it('keeps the correlation id the caller gave, even one that breaks the rules, and the operation it named', () => {
    // Prepare
    const message = { operation: 'quit-consortium', correlation_id: 'offboarding 42', body: 7 };

    // Act
    const described = describeUnreadable(message, 'm-1');

    // Assess
    expect(described).toEqual({ operation: 'quit-consortium', correlationId: 'offboarding 42' });
  });

  it.each([
    ['no correlation id', {}],
    ['a number', { correlation_id: 42 }],
    ['an empty string', { correlation_id: '' }],
    ['a string over 256 characters', { correlation_id: 'x'.repeat(257) }],
    ['not an object', 'not json'],
  ])('falls back to the message id for %s', (_, message) => {
    // Prepare
    const fallbackId = 'm-1';

    // Act
    const described = describeUnreadable(message, fallbackId);

    // Assess
    expect(described).toEqual({ operation: 'unknown', correlationId: 'm-1' });
  });
});
