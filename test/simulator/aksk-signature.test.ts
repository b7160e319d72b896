import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AccessKeyStore } from '../../simulator/access-keys.ts';
import { authenticateAksk } from '../../simulator/aksk.ts';
import {
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  parseAuthorization,
  parseSdkDate,
  type ReceivedRequest,
} from '../../simulator/aksk-signature.ts';
import { signTestRequest } from '../helpers/sdk-hmac-sha256.ts';

interface SignatureVector {
  name: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  access: string;
  secret: string;
  authorization: string;
}

interface CanonicalVector {
  name: string;
  method: string;
  rawPath: string;
  headers: Record<string, string>;
  signedHeaders: string;
  body: string;
  canonicalRequest: string;
}

const vectors = JSON.parse(
  readFileSync(
    new URL('../fixtures/huawei-sdk-hmac-sha256/simulator-vectors.json', import.meta.url),
    'utf8',
  ),
) as { signatures: SignatureVector[]; canonicalRequests: CanonicalVector[] };

function received(vector: SignatureVector): ReceivedRequest {
  const url = new URL(vector.url);
  const headers = Object.fromEntries(
    Object.entries(vector.headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return {
    method: vector.method,
    rawPath: url.pathname + url.search,
    headers: { ...headers, authorization: vector.authorization },
    body: Buffer.from(vector.body),
  };
}

describe("Huawei's published SDK-HMAC-SHA256 vectors", () => {
  it.each(vectors.signatures)('the test signer reproduces: $name', (vector) => {
    // Prepare
    const url = new URL(vector.url);
    const { 'X-Sdk-Date': date = '', ...headers } = vector.headers;

    // Act
    const signed = signTestRequest(
      {
        method: vector.method,
        segments: url.pathname.slice(1).split('/'),
        query: [...url.searchParams],
        headers,
        body: vector.body,
      },
      { access: vector.access, secret: vector.secret },
      date,
    );

    // Assess
    expect(signed.headers.Authorization).toBe(vector.authorization);
  });

  it.each(vectors.signatures)('the simulator verifies: $name', (vector) => {
    // Prepare
    const keys = new AccessKeyStore([
      {
        domainId: 'd',
        domainName: 'vector',
        users: [
          {
            id: 'u',
            name: 'vector',
            password: 'unused',
            accessKeys: [{ access: vector.access, secret: vector.secret }],
          },
        ],
        projects: [],
      },
    ]);
    const request = received(vector);
    const signedAt = parseSdkDate(request.headers['x-sdk-date'] ?? '') ?? Number.NaN;

    // Act
    const outcome = authenticateAksk(request, keys, signedAt);

    // Assess
    expect(outcome.check).toMatchObject({ access: vector.access, verified: true });
    expect(outcome.refusal).toBeUndefined();
  });

  it.each(vectors.canonicalRequests)(
    'the simulator computes the canonical request of: $name',
    (vector) => {
      // Prepare
      const request = {
        method: vector.method,
        rawPath: vector.rawPath,
        headers: vector.headers,
        body: Buffer.from(vector.body),
      };

      // Act
      const canonical = canonicalRequest(request, vector.signedHeaders);

      // Assess
      expect(canonical).toBe(vector.canonicalRequest);
    },
  );
});

describe('the canonical parts', () => {
  it.each([
    ['appends a slash', '/v2/p/members/quit', '/v2/p/members/quit/'],
    ['keeps a trailing slash single', '/app1/', '/app1/'],
    ['decodes and re-encodes per RFC 3986', "/a%20b/c!'()*/%7e~", '/a%20b/c%21%27%28%29%2A/~~/'],
    ['keeps an encoded slash inside its segment', '/a%2Fb', '/a%2Fb/'],
    ['normalizes hex case', '/%c3%a9', '/%C3%A9/'],
    ['keeps a + literal in a path', '/a+b', '/a%2Bb/'],
    ['keeps a stray % as a %25', '/100%/x', '/100%25/x/'],
  ])('canonicalUri %s', (_, pathname, expected) => {
    // Prepare
    const raw = pathname;

    // Act
    const uri = canonicalUri(raw);

    // Assess
    expect(uri).toBe(expected);
  });

  it.each([
    ['is empty without a query', '', ''],
    ['sorts by key, then value', 'b=2&a=2&a=1', 'a=1&a=2&b=2'],
    ['reads + as a space', 'q=a+b', 'q=a%20b'],
    ['gives a bare key an empty value', 'flag&x=', 'flag=&x='],
    ['sorts by bytes, not by encoded text', '%7F=1&~=2', '~=2&%7F=1'],
    ['skips empty pieces', '&&a=1&', 'a=1'],
  ])('canonicalQuery %s', (_, query, expected) => {
    // Prepare
    const raw = query;

    // Act
    const canonical = canonicalQuery(raw);

    // Assess
    expect(canonical).toBe(expected);
  });

  it('leaves out a signed header the request lacks, and trims values', () => {
    // Prepare
    const request = {
      method: 'PUT',
      rawPath: '/x',
      headers: { 'x-sdk-date': ' 20260101T000000Z ' },
      body: Buffer.from('{}'),
    };

    // Act
    const canonical = canonicalRequest(request, 'host;x-sdk-date');

    // Assess
    expect(canonical.split('\n').slice(0, 6)).toEqual([
      'PUT',
      '/x/',
      '',
      'x-sdk-date:20260101T000000Z',
      '',
      'host;x-sdk-date',
    ]);
  });

  it('parses the three fields of an SDK-HMAC-SHA256 Authorization header', () => {
    // Prepare
    const header = 'SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;x-sdk-date, Signature=ab12';

    // Act
    const fields = parseAuthorization(header);

    // Assess
    expect(fields).toEqual({ access: 'AK1', signedHeaders: 'host;x-sdk-date', signature: 'ab12' });
  });

  it.each([
    ['another scheme', 'Bearer abc'],
    ['no signature', 'SDK-HMAC-SHA256 Access=AK1, SignedHeaders=x-sdk-date'],
    ['an empty access', 'SDK-HMAC-SHA256 Access=, SignedHeaders=x-sdk-date, Signature=ab'],
    ['a field without =', 'SDK-HMAC-SHA256 Access=AK1, SignedHeaders, Signature=ab'],
  ])('refuses an Authorization header with %s', (_, header) => {
    // Prepare
    const value = header;

    // Act
    const fields = parseAuthorization(value);

    // Assess
    expect(fields).toBeUndefined();
  });

  it.each([
    ['20060102T150405Z', Date.UTC(2006, 0, 2, 15, 4, 5)],
    ['20240229T235959Z', Date.UTC(2024, 1, 29, 23, 59, 59)],
    ['20250229T000000Z', undefined],
    ['20260101T246000Z', undefined],
    ['2026-01-01T00:00:00Z', undefined],
    ['20260101T000000', undefined],
    ['00990101T000000Z', undefined],
  ])('parseSdkDate(%s)', (value, expected) => {
    // Prepare
    const header = value;

    // Act
    const parsed = parseSdkDate(header);

    // Assess
    expect(parsed).toBe(expected);
  });
});
