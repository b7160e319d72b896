import httpJsonBodyParser from '@middy/http-json-body-parser';
import { describe, expect, it } from 'vitest';
import { bodyParserError } from '../../../lib/errors/body-parser-error.ts';

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

/** The error a parser error maps to; the test fails when it maps to nothing. */
const mappedOf = (thrown: unknown) => {
  const mapped = bodyParserError(thrown);
  if (mapped === undefined) throw new Error('bodyParserError left it unmapped');
  return mapped;
};

describe('bodyParserError()', () => {
  it("maps middy's 415 for a wrong content type to BCSGW.4150001, naming the type sent", () => {
    // Prepare
    const thrown = parserError({ 'content-type': 'text/plain' }, '{}');

    // Act
    const mapped = mappedOf(thrown);

    // Assess
    expect(mapped).toMatchObject({ statusCode: 415, errorCode: 'BCSGW.4150001' });
    expect(mapped.message).toBe("Content-Type must be application/json, got 'text/plain'");
    expect(mapped.cause).toBe(thrown);
  });

  it("maps middy's 415 for a missing content type to BCSGW.4150001, saying none was sent", () => {
    // Prepare
    const thrown = parserError({}, '{}');

    // Act
    const mapped = mappedOf(thrown);

    // Assess
    expect(mapped.errorCode).toBe('BCSGW.4150001');
    expect(mapped.message).toBe('Content-Type must be application/json, got none');
  });

  it('quotes a hostile content type shortly and printably', () => {
    // Prepare
    const thrown = middyLikeError(415, 'Unsupported Media Type', `text/\u0000${'x'.repeat(500)}`);

    // Act
    const mapped = mappedOf(thrown);

    // Assess
    expect(mapped.message).not.toContain('\u0000');
    expect(mapped.message.length).toBeLessThan(200);
  });

  it.each([
    [
      'cut at 100 characters, a non-printable one as ?',
      `text/\u0000${'x'.repeat(500)}`,
      `'text/?${'x'.repeat(94)}…'`,
    ],
    ['whole at exactly 100 characters', 'y'.repeat(100), `'${'y'.repeat(100)}'`],
    ['as none when empty', '', 'none'],
  ])('names the content type sent %s', (_, contentType, named) => {
    // Prepare
    const thrown = middyLikeError(415, 'Unsupported Media Type', contentType);

    // Act
    const mapped = mappedOf(thrown);

    // Assess
    expect(mapped.message).toBe(`Content-Type must be application/json, got ${named}`);
  });

  it("keeps middy's 422 as the cause", () => {
    // Prepare
    const thrown = parserError({ 'content-type': 'application/json' }, '{');

    // Act
    const mapped = mappedOf(thrown);

    // Assess
    expect(mapped.cause).toBe(thrown);
  });

  it("maps middy's 422 for malformed JSON to BCSGW.4000002 with status 400", () => {
    // Prepare
    const thrown = parserError({ 'content-type': 'application/json' }, '{"org_names": [');

    // Act
    const mapped = mappedOf(thrown);

    // Assess
    expect(mapped).toMatchObject({ statusCode: 400, errorCode: 'BCSGW.4000002' });
    expect(mapped.message).toBe('The body is missing or is not valid JSON');
  });

  it("maps middy's 422 for a missing body to BCSGW.4000002", () => {
    // Prepare
    const thrown = parserError({ 'content-type': 'application/json' }, undefined);

    // Act
    const mapped = mappedOf(thrown);

    // Assess
    expect(mapped.errorCode).toBe('BCSGW.4000002');
  });

  it("maps middy's 422 for a __proto__ key to BCSGW.4000002, naming the forbidden key", () => {
    // Prepare
    const thrown = parserError(
      { 'content-type': 'application/json' },
      '{"__proto__": {"isAdmin": true}, "org_names": ["org1"]}',
    );

    // Act
    const mapped = mappedOf(thrown);

    // Assess
    expect(mapped.errorCode).toBe('BCSGW.4000002');
    expect(mapped.message).toContain('forbidden key');
  });

  it('does not echo the malformed body in the message', () => {
    // Prepare
    const body = '{"password": "hunter2-secret", ';
    const thrown = parserError({ 'content-type': 'application/json' }, body);

    // Act
    const mapped = mappedOf(thrown);

    // Assess
    expect(mapped.message).not.toContain('hunter2-secret');
  });

  it.each([
    ['a middy HttpError of another status', middyLikeError(413, 'Payload Too Large')],
    [
      'an Error with a statusCode but no middy cause',
      Object.assign(new Error('x'), { statusCode: 415 }),
    ],
    ['a TypeError', new TypeError('boom')],
    ['undefined', undefined],
  ])('leaves %s to normalizeError', (_kind, thrown) => {
    // Act
    const mapped = bodyParserError(thrown);

    // Assess
    expect(mapped).toBeUndefined();
  });
});
