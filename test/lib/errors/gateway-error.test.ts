import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../lib/errors/error-codes.ts';
import * as ErrorCodes from '../../../lib/errors/error-codes.ts';
import {
  GatewayError,
  MAY_HAVE_APPLIED,
  NOT_SENT,
  statusOf,
} from '../../../lib/errors/gateway-error.ts';

describe('GatewayError', () => {
  it('carries its code, the status the code names, and the message the caller reads', () => {
    // Act
    const error = new GatewayError(ErrorCodes.bodyTooLarge, 'Request body too large');

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('GatewayError');
    expect(error.errorCode).toBe('BCSGW.4130001');
    expect(error.statusCode).toBe(413);
    expect(error.message).toBe('Request body too large');
  });

  it('is final, with no cause, unless told otherwise', () => {
    // Act
    const error = new GatewayError(ErrorCodes.invalidInput, 'Invalid request');

    // Assess
    expect(error.delivery).toBe('final');
    // No `cause` property at all: a log line then shows none, not `cause: undefined`.
    expect(Object.hasOwn(error, 'cause')).toBe(false);
  });

  it('keeps the cause and how far the request got', () => {
    // Prepare
    const cause = new TypeError('fetch failed');

    // Act
    const error = new GatewayError(ErrorCodes.bcsUnreachable, 'BCS could not be reached', {
      cause,
      delivery: NOT_SENT,
    });

    // Assess
    expect(error.cause).toBe(cause);
    expect(error.delivery).toBe('not-sent');
  });

  it('names the two delivery states a failure may be given as the published outcomes do', () => {
    // Assess
    expect(NOT_SENT).toBe('not-sent');
    expect(MAY_HAVE_APPLIED).toBe('may-have-applied');
  });
});

describe('statusOf', () => {
  it.each<[ErrorCode, number]>([
    [ErrorCodes.invalidInput, 400],
    [ErrorCodes.bodyTooLarge, 413],
    [ErrorCodes.bcsUnreachable, 502],
  ])('reads the status of %s from its three digits', (code, status) => {
    // Act + Assess
    expect(statusOf(code)).toBe(status);
  });
});
