import { describe, expect, it } from 'vitest';
import * as ErrorCodes from '../../../lib/errors/error-codes.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';
import {
  createLogger,
  levelOfStatus,
  logLine,
  MAX_LOGGED_STRING,
} from '../../../lib/logging/log.ts';
import { allOutput, takeLogs } from '../../helpers/log-capture.ts';

describe('logLine()', () => {
  it('writes one JSON line with the level, the message and the fields', () => {
    // Act
    logLine('info', 'bcs answered', { status: 200, operation: 'quit-consortium' });

    // Assess
    expect(takeLogs().lines).toEqual([
      { level: 'info', message: 'bcs answered', status: 200, operation: 'quit-consortium' },
    ]);
  });

  it('keeps what a maintainer needs of an error: name, message, codes, cause and stack', () => {
    // Prepare
    const error = new GatewayError(ErrorCodes.invalidInput, 'Invalid request: body.org_names', {
      cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    });

    // Act
    logLine('error', 'slack worker refused its payload', { error });

    // Assess
    expect(takeLogs().lines[0]?.error).toEqual({
      name: 'GatewayError',
      message: 'Invalid request: body.org_names',
      error_code: 'BCSGW.4000001',
      cause: {
        name: 'Error',
        message: 'socket hang up',
        code: 'ECONNRESET',
        stack: expect.stringContaining('Error: socket hang up\n    at '),
      },
      stack: expect.stringContaining('Invalid request: body.org_names\n    at '),
    });
  });

  it('cuts a string longer than it keeps whole, saying how much was left out', () => {
    // Prepare
    const rawBody = `{"org_names": ["${'x'.repeat(64 * 1024)}"]}`;

    // Act
    logLine('warn', 'request failed', { cause: { data: rawBody } });

    // Assess
    const { raw, lines } = takeLogs();
    const data = (lines[0]?.cause as { data?: string } | undefined)?.data;
    expect(data).toBe(
      `${rawBody.slice(0, MAX_LOGGED_STRING)}… (${rawBody.length - MAX_LOGGED_STRING} more characters)`,
    );
    expect(raw[0]?.length).toBeLessThan(MAX_LOGGED_STRING + 200);
  });

  it('ends each line with a newline, so that two lines never run together', () => {
    // Prepare
    const before = allOutput().length;

    // Act
    logLine('info', 'first', {});
    logLine('warn', 'second', {});

    // Assess
    expect(allOutput().slice(before)).toBe(
      '{"level":"info","message":"first"}\n{"level":"warn","message":"second"}\n',
    );
    expect(takeLogs().lines).toHaveLength(2);
  });

  it('keeps a string of exactly the length it keeps whole', () => {
    // Prepare
    const message = 'x'.repeat(MAX_LOGGED_STRING);

    // Act
    logLine('warn', 'request failed', { cause: { message } });

    // Assess
    expect(takeLogs().lines[0]?.cause).toEqual({ message });
  });

  it("keeps an error's own code, such as Node's system error codes", () => {
    // Prepare
    const error = Object.assign(new TypeError('fetch failed'), { code: 'ECONNREFUSED' });

    // Act
    logLine('error', 'request failed', { error });

    // Assess
    expect(takeLogs().lines[0]?.error).toEqual({
      name: 'TypeError',
      message: 'fetch failed',
      code: 'ECONNREFUSED',
      stack: expect.stringContaining('TypeError: fetch failed\n    at '),
    });
  });

  it('cuts a long string before a character of two UTF-16 units, never inside it', () => {
    // Prepare: U+10000 is the surrogate pair D800 DC00, straddling the cut
    const message = `${'x'.repeat(MAX_LOGGED_STRING - 1)}\u{10000}${'y'.repeat(10)}`;

    // Act
    logLine('warn', 'request failed', { cause: { message } });

    // Assess
    const kept = (takeLogs().lines[0]?.cause as { message?: string } | undefined)?.message;
    expect(kept).toBe(`${'x'.repeat(MAX_LOGGED_STRING - 1)}… (12 more characters)`);
    expect(kept?.isWellFormed()).toBe(true);
  });
});

describe('levelOfStatus()', () => {
  it.each([
    [200, 'info'],
    [302, 'info'],
    [400, 'warn'],
    [409, 'warn'],
    [500, 'error'],
    [504, 'error'],
  ] as const)('logs a %i at %s', (status, level) => {
    // Act & Assess
    expect(levelOfStatus(status)).toBe(level);
  });
});

describe('createLogger()', () => {
  it("writes the request's ids on every line of a child, and the line's own fields win", () => {
    // Prepare
    const log = createLogger({ aws_request_id: 'req-1' }).child({ correlation_id: 'wf-1' });

    // Act
    log.log('warn', 'duplicate request, not run again (in-progress)', { status: 409 });
    log.log('info', 'operation succeeded', { correlation_id: 'wf-2' });

    // Assess
    expect(takeLogs().lines).toEqual([
      {
        level: 'warn',
        message: 'duplicate request, not run again (in-progress)',
        aws_request_id: 'req-1',
        correlation_id: 'wf-1',
        status: 409,
      },
      {
        level: 'info',
        message: 'operation succeeded',
        aws_request_id: 'req-1',
        correlation_id: 'wf-2',
      },
    ]);
  });
});
