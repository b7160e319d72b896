import { describe, expect, it } from 'vitest';
import * as ErrorCodes from '../../../lib/errors/error-codes.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';
import { clampMessage, errorBody, normalizeError } from '../../../lib/errors/normalize-error.ts';

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
    [
      'a middy HttpError, which only the HTTP functions map',
      middyLikeError(415, 'Unsupported secret'),
    ],
  ])('maps %s to BCSGW.5000001 with a fixed message and no internals', (_kind, thrown) => {
    // Prepare
    const internals = /secret|hunter2|\/var\/task|token|Payload|Unsupported/;

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

  it.each([
    ['U+10000 (D800 DC00)', '\u{10000}'],
    ['U+10FFFF (DBFF DFFF)', '\u{10FFFF}'],
  ])('drops the whole of %s when the cut falls inside it', (_kind, pair) => {
    // Prepare: the pair takes units 510 and 511; the 511 units kept end in the middle of it
    const message = `${'a'.repeat(510)}${pair}${'b'.repeat(10)}`;

    // Act
    const clamped = clampMessage(message);

    // Assess
    expect(clamped).toBe(`${'a'.repeat(510)}…`);
  });
});
