import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../../../lib/callers/body-limit.ts';
import {
  describeUnreadable,
  eventBridgeRequest,
  sqsRequest,
} from '../../../../lib/callers/events/event-request.ts';
import { GatewayError } from '../../../../lib/errors/gateway-error.ts';
import { removeOrgsInput } from '../../../helpers/operation-inputs.ts';

/**
 * The schemas of a message are built on their first use, once per test file: here, before
 * any test, rather than by whichever test reads a message first. Mutation testing counts what
 * runs outside the tests as static and runs every test against it; built within one test, a
 * change to a refusal's wording would run against that test only (see test/helpers/build-schemas.ts).
 */
beforeAll(() => {
  sqsRequest('{"operation":"quit-consortium","path":{},"body":{},"correlation_id":"c-0"}', 'm-0');
});

/** What a correlation id must be, as a refusal words it. */
const CORRELATION_ID_RULE = "must be 1 to 128 letters, digits or '_.:/@-'";

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
  it('refuses a message body that is not JSON with 400 BCSGW.4000002', () => {
    // Act
    const error = thrownBy(() => sqsRequest('{"operation": ', 'm-1'));

    // Assess
    expect(error).toMatchObject({
      statusCode: 400,
      errorCode: 'BCSGW.4000002',
      message: 'The message body is not valid JSON',
    });
  });

  it('names the operations there are when a message asks for another', () => {
    // Prepare
    const body = JSON.stringify({ operation: 'delete-everything', path: {}, body: {} });

    // Act
    const error = thrownBy(() => sqsRequest(body, 'm-1'));

    // Assess
    expect(error).toMatchObject({
      errorCode: 'BCSGW.4000001',
      message: 'Invalid request: operation: must be one of: quit-consortium, remove-channel-orgs',
    });
  });

  it.each([
    ['a number', 42, 'must be a string'],
    ['a space in it', 'wf 1', CORRELATION_ID_RULE],
    ['a space before it', ' wf-1', CORRELATION_ID_RULE],
    ['a space after it', 'wf-1 ', CORRELATION_ID_RULE],
    ['129 characters', 'w'.repeat(129), CORRELATION_ID_RULE],
  ])('refuses a correlation_id with %s, saying what it must be', (_, correlationId, wording) => {
    // Prepare
    const body = JSON.stringify({
      operation: 'quit-consortium',
      path: {},
      body: {},
      correlation_id: correlationId,
    });

    // Act
    const error = thrownBy(() => sqsRequest(body, 'm-1'));

    // Assess
    expect(error).toMatchObject({
      errorCode: 'BCSGW.4000001',
      message: `Invalid request: correlation_id: ${wording}`,
    });
  });

  it("takes a correlation_id of 128 of the allowed characters as the request's", () => {
    // Prepare
    const correlationId = `wf_1.a:b/c@d-${'w'.repeat(115)}`;
    const body = JSON.stringify({
      operation: 'quit-consortium',
      path: {},
      body: {},
      correlation_id: correlationId,
    });

    // Act
    const request = sqsRequest(body, 'm-1');

    // Assess
    expect(request.correlationId).toBe(correlationId);
    expect(request.givenCorrelationId).toBe(correlationId);
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
  it('refuses a detail-type that names no operation, naming those there are', () => {
    // Act
    const errors = ['BCS Delete Everything Requested', 'toString'].map((detailType) =>
      thrownBy(() => eventBridgeRequest(detailType, removeOrgsInput(), 'e-1')),
    );

    // Assess
    for (const error of errors) {
      expect(error).toMatchObject({
        statusCode: 400,
        errorCode: 'BCSGW.4000001',
        message:
          'Invalid request: detail-type must be one of: BCS Quit Consortium Requested, BCS Remove Channel Orgs Requested',
      });
    }
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
  it('echoes a correlation id of exactly 256 characters', () => {
    // Prepare
    const correlationId = 'x'.repeat(256);

    // Act
    const described = describeUnreadable({ correlation_id: correlationId }, 'm-1');

    // Assess
    expect(described.correlationId).toBe(correlationId);
  });

  it.each([
    ['an array holding its name', ['quit-consortium']],
    ['an object that prints as its name', { toString: (): string => 'quit-consortium' }],
    ['a name of no operation', 'delete-everything'],
    ['a name every object has', 'toString'],
  ])('names no operation for %s', (_, operation) => {
    // Act
    const described = describeUnreadable({ operation }, 'm-1');

    // Assess
    expect(described.operation).toBe('unknown');
  });

  it('names the operation the caller gives, whatever the request holds', () => {
    // Act
    const described = describeUnreadable(
      { operation: 'quit-consortium' },
      'e-1',
      'remove-channel-orgs',
    );

    // Assess
    expect(described).toEqual({ operation: 'remove-channel-orgs', correlationId: 'e-1' });
  });
});
