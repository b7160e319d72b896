import httpJsonBodyParser from '@middy/http-json-body-parser';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../lib/errors/error-codes.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';
import { clampMessage, errorBody, normalizeError } from '../../../lib/errors/normalize-error.ts';

/** What middy's JSON body parser throws for a request with these headers and body. */
const parserError = (headers: Record<string, string>, body: string | undefined): unknown => {
  const parser = httpJsonBodyParser();
  type ParserRequest = Parameters<NonNullable<typeof parser.before>>[0];
  const request = { event: { headers, body, isBase64Encoded: false } } as unknown as ParserRequest;
  try {
    parser.before?.(request);
  } catch (error) {
    return error;
  }
  throw new Error('the parser accepted the request');
};

/** An error shaped like middy's HttpError (`statusCode`, and a cause naming its package). */
const middyLikeError = (statusCode: number, message: string, data?: unknown): Error =>
  Object.assign(new Error(message, { cause: { package: '@middy/some-middleware', data } }), {
    statusCode,
  });

const FIXED_UNEXPECTED_MESSAGE =
  'Internal error; nothing more can be said safely. The request id is in the logs.';

describe('normalizeError()', () => {
  it('keeps a GatewayError as it is, the very same object', () => {
    // Prepare
    const error = new GatewayError(ErrorCodes.projectNotAllowed, 'Project p is not allowed');

    // Act
    const normalized = normalizeError(error);

    // Assess
    expect(normalized).toBe(error);
  });

  it("maps middy's 415 for a wrong content type to BCSGW.4150001, naming the type sent", () => {
    // Prepare
    const thrown = parserError({ 'content-type': 'text/plain' }, '{}');

    // Act
    const normalized = normalizeError(thrown);

    // Assess
    expect(normalized).toMatchObject({ statusCode: 415, errorCode: 'BCSGW.4150001' });
    expect(normalized.message).toBe("Content-Type must be application/json, got 'text/plain'");
    expect(normalized.cause).toBe(thrown);
  });

  it("maps middy's 415 for a missing content type to BCSGW.4150001, saying none was sent", () => {
    // Prepare
    const thrown = parserError({}, '{}');

    // Act
    const normalized = normalizeError(thrown);

    // Assess
    expect(normalized.errorCode).toBe('BCSGW.4150001');
    expect(normalized.message).toBe('Content-Type must be application/json, got none');
  });

  it('quotes a hostile content type shortly and printably', () => {
    // Prepare
    const thrown = middyLikeError(415, 'Unsupported Media Type', `text/\u0000${'x'.repeat(500)}`);

    // Act
    const normalized = normalizeError(thrown);

    // Assess
    expect(normalized.message).not.toContain('\u0000');
    expect(normalized.message.length).toBeLessThan(200);
  });

  it("maps middy's 422 for malformed JSON to BCSGW.4000002 with status 400", () => {
    // Prepare
    const thrown = parserError({ 'content-type': 'application/json' }, '{"org_names": [');

    // Act
    const normalized = normalizeError(thrown);

    // Assess
    expect(normalized).toMatchObject({ statusCode: 400, errorCode: 'BCSGW.4000002' });
    expect(normalized.message).toBe('The body is missing or is not valid JSON');
  });

  it("maps middy's 422 for a missing body to BCSGW.4000002", () => {
    // Prepare
    const thrown = parserError({ 'content-type': 'application/json' }, undefined);

    // Act
    const normalized = normalizeError(thrown);

    // Assess
    expect(normalized.errorCode).toBe('BCSGW.4000002');
  });

  it("maps middy's 422 for a __proto__ key to BCSGW.4000002, naming the forbidden key", () => {
    // Prepare
    const thrown = parserError(
      { 'content-type': 'application/json' },
      '{"__proto__": {"isAdmin": true}, "org_names": ["org1"]}',
    );

    // Act
    const normalized = normalizeError(thrown);

    // Assess
    expect(normalized.errorCode).toBe('BCSGW.4000002');
    expect(normalized.message).toContain('forbidden key');
  });

  it('does not echo the malformed body in the message', () => {
    // Prepare
    const body = '{"password": "hunter2-secret", ';
    const thrown = parserError({ 'content-type': 'application/json' }, body);

    // Act
    const normalized = normalizeError(thrown);

    // Assess
    expect(normalized.message).not.toContain('hunter2-secret');
  });

  it.each([
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'token')")],
    ['an Error holding a secret', new Error('password=hunter2 at /var/task/index.mjs:1:2')],
    ['a thrown string', 'boom: secret-value'],
    ['undefined', undefined],
    ['null', null],
    ['an object with a statusCode but no middy cause', { statusCode: 404, message: 'secret' }],
    [
      'an Error with a statusCode but no middy cause',
      Object.assign(new Error('x'), { statusCode: 400 }),
    ],
    ['a middy HttpError of another status', middyLikeError(413, 'Payload Too Large secret')],
  ])('maps %s to BCSGW.5000001 with a fixed message and no internals', (_kind, thrown) => {
    // Prepare
    const internals = /secret|hunter2|\/var\/task|token|Payload/;

    // Act
    const normalized = normalizeError(thrown);

    // Assess
    expect(normalized).toBeInstanceOf(GatewayError);
    expect(normalized).toMatchObject({ statusCode: 500, errorCode: 'BCSGW.5000001' });
    expect(normalized.message).toBe(FIXED_UNEXPECTED_MESSAGE);
    expect(normalized.message).not.toMatch(internals);
  });

  it('keeps the original of an unexpected error as its cause, for the log', () => {
    // Prepare
    const thrown = new RangeError('index out of range');

    // Act
    const normalized = normalizeError(thrown);

    // Assess
    expect(normalized.cause).toBe(thrown);
  });
});

describe('errorBody()', () => {
  it('answers exactly {error_code, error_msg}', () => {
    // Prepare
    const error = new GatewayError(ErrorCodes.bodyTooLarge, 'The body is over 64 KiB', {
      cause: new Error('internal detail'),
    });

    // Act
    const body = errorBody(error);

    // Assess
    expect(body).toStrictEqual({
      error_code: 'BCSGW.4130001',
      error_msg: 'The body is over 64 KiB',
    });
  });

  it('never answers the cause', () => {
    // Prepare
    const error = new GatewayError(ErrorCodes.signInFailed, 'Sign-in to IAM failed', {
      cause: { password: 'hunter2' },
    });

    // Act
    const serialized = JSON.stringify(errorBody(error));

    // Assess
    expect(serialized).not.toContain('hunter2');
  });

  it('clamps a long message to 512 characters, ending with an ellipsis', () => {
    // Prepare
    const error = new GatewayError(ErrorCodes.invalidInput, 'm'.repeat(2000));

    // Act
    const body = errorBody(error);

    // Assess
    expect(body.error_msg).toHaveLength(512);
    expect(body.error_msg.endsWith('…')).toBe(true);
  });
});

describe('clampMessage()', () => {
  it.each([
    ['an empty message', '', '..'],
    ['a one-character message', 'x', 'x.'],
    ['a two-character message', 'ok', 'ok'],
    ['a message of exactly 512 characters', 'm'.repeat(512), 'm'.repeat(512)],
  ])('pads or keeps %s', (_kind, message, expected) => {
    // Prepare
    const input = message;

    // Act
    const clamped = clampMessage(input);

    // Assess
    expect(clamped).toBe(expected);
  });

  it('keeps a message of 513 characters to 511 of them and an ellipsis', () => {
    // Prepare
    const message = `${'a'.repeat(511)}bc`;

    // Act
    const clamped = clampMessage(message);

    // Assess
    expect(clamped).toBe(`${'a'.repeat(511)}…`);
  });

  it('does not split a character made of two UTF-16 units at the cut', () => {
    // Prepare
    const message = `${'a'.repeat(510)}😀${'b'.repeat(10)}`;

    // Act
    const clamped = clampMessage(message);

    // Assess
    expect(clamped.isWellFormed()).toBe(true);
    expect(clamped.length).toBeLessThanOrEqual(512);
  });
});
