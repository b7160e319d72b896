import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { awsCanonicalUri, signAwsRequest } from '../../../lib/signing/aws-sigv4.ts';
import { encodeRfc3986, type SignableRequest } from '../../../lib/signing/canonical-request.ts';
import {
  huaweiCanonicalUri,
  signHuaweiRequest,
} from '../../../lib/signing/huawei-sdk-hmac-sha256.ts';
import {
  canonicalHeaderLinesOf,
  canonicalQueryOf,
  signedHeadersOf,
  TEST_SCHEME_HEADERS,
} from '../../helpers/canonical-parts.ts';

/** RFC 3986 written out byte by byte, apart from the code under test. */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const referenceEncoding = (text: string): string =>
  [...new TextEncoder().encode(text)]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');

/** Well-formed text of every kind: ASCII, graphemes of every script, astral code points. */
const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));
const printable = fc.stringMatching(/^[\t -~]*$/);
const blanks = fc.stringMatching(/^[\t ]{0,3}$/);
/** A path segment, which a URL would not remove; a `/` in it is sent as `%2F`. */
const segment = text.filter((s) => s !== '' && s !== '.' && s !== '..');
const parameters = fc.array(fc.tuple(text, text), { maxLength: 6 });
const noNul = (pairs: [string, string][]) => !pairs.flat().some((part) => part.includes('\0'));
const RESERVED = [
  ...TEST_SCHEME_HEADERS,
  'host',
  'authorization',
  'x-amz-date',
  'x-amz-security-token',
  'x-sdk-date',
  'x-security-token',
];
const headerName = fc
  .stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,12}$/)
  // `__proto__` is left out: the signer keeps headers in plain objects, where that name would
  // set the prototype. Every header signed is named by our own code, never so.
  .filter((name) => !RESERVED.includes(name.toLowerCase()) && name !== '__proto__');
const headers = fc
  .uniqueArray(fc.tuple(headerName, printable), {
    maxLength: 6,
    selector: ([name]) => name.toLowerCase(),
  })
  .map((entries) => Object.fromEntries(entries));
const scopePart = fc.stringMatching(/^[\w-]{1,16}$/);

/** A query as a client writes it: every key and value percent-encoded, in any order. */
const querySearch = (pairs: [string, string][]): string =>
  pairs.length === 0
    ? ''
    : `?${pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&')}`;

/** Any request a caller may build: any path segments, query, headers and body. */
const request = fc
  .record({
    method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'PATCH'),
    host: fc.constantFrom(
      'bcs.cn-north-4.myhuaweicloud.com',
      '127.0.0.1:5000',
      'lambda.us-east-1.amazonaws.com',
    ),
    segments: fc.array(segment, { maxLength: 5 }),
    query: parameters,
    headers,
    body: fc.oneof(text, fc.uint8Array({ maxLength: 64 })),
  })
  .map(
    ({ method, host, segments, query, headers, body }): SignableRequest => ({
      method,
      url: new URL(
        `https://${host}/${segments.map(encodeURIComponent).join('/')}${querySearch(query)}`,
      ),
      headers,
      body,
    }),
  );

const awsOptions = fc.record({
  credentials: fc.record({
    accessKeyId: scopePart,
    secretAccessKey: text.filter((s) => s !== ''),
    sessionToken: fc.option(
      printable.filter((s) => s.trim() !== ''),
      { nil: undefined },
    ),
  }),
  region: scopePart,
  service: scopePart,
  now: fc.date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T23:59:59Z'),
    noInvalidDate: true,
  }),
});
const huaweiOptions = fc.record({
  key: fc.record({
    ak: scopePart,
    sk: text.filter((s) => s !== ''),
    securityToken: fc.option(
      printable.filter((s) => s.trim() !== ''),
      { nil: undefined },
    ),
  }),
  now: awsOptions.map(({ now }) => now),
});

/** `request` with its URL changed by `change`. */
const withUrl = (request: SignableRequest, change: (url: URL) => void): SignableRequest => {
  const url = new URL(request.url);
  change(url);
  return { ...request, url };
};

/** The same request with one part changed so that the server would see another request. */
const changed = fc.constantFrom<[string, (r: SignableRequest) => SignableRequest]>(
  [
    'the body',
    (r) => ({
      ...r,
      body: typeof r.body === 'string' ? `${r.body}x` : new Uint8Array([...r.body, 1]),
    }),
  ],
  // Longer than any name the arbitrary draws, so never one the request has already.
  ['a header', (r) => ({ ...r, headers: { ...r.headers, 'x-changed-by-the-test': 'v' } })],
  [
    'the path',
    (r) =>
      withUrl(r, (url) => {
        url.pathname += '/x';
      }),
  ],
  [
    'the query',
    (r) =>
      withUrl(r, (url) => {
        url.search = url.search ? `${url.search}&x=1` : '?x=1';
      }),
  ],
  ['the method', (r) => ({ ...r, method: r.method === 'GET' ? 'HEAD' : 'GET' })],
  [
    'the host',
    (r) =>
      withUrl(r, (url) => {
        url.host = 'other.example.com';
      }),
  ],
);

describe('encodeRfc3986', () => {
  it('equals RFC 3986 written out byte by byte, for any well-formed text', () => {
    fc.assert(
      fc.property(text, (input) => {
        // Act
        const encoded = encodeRfc3986(input);

        // Assess
        expect(encoded).toBe(referenceEncoding(input));
      }),
    );
  });
});

describe('canonical URIs', () => {
  it('AWS encodes each segment of the wire path again', () => {
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segments) => {
        // Prepare
        const wirePath = `/${segments.map(encodeURIComponent).join('/')}`;

        // Act
        const uri = awsCanonicalUri(wirePath);

        // Assess
        expect(uri).toBe(
          `/${segments.map((s) => referenceEncoding(encodeURIComponent(s))).join('/')}`,
        );
      }),
    );
  });

  it('Huawei encodes each decoded segment once, and ends with /', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 5 }), (segments) => {
        // Prepare
        const wirePath = `/${segments.map(encodeURIComponent).join('/')}`;

        // Act
        const uri = huaweiCanonicalUri(wirePath);

        // Assess
        expect(uri).toBe(`/${segments.map(referenceEncoding).join('/')}/`.replace(/\/\/$/, '/'));
      }),
    );
  });
});

describe('the canonical query', () => {
  it('holds every parameter once, encoded the RFC 3986 way, whatever the order they came in', () => {
    fc.assert(
      fc.property(parameters, fc.boolean(), (pairs, huawei) => {
        // Prepare
        const shuffled = [...pairs].reverse();

        // Act
        const query = canonicalQueryOf(querySearch(pairs), huawei);

        // Assess
        expect(canonicalQueryOf(querySearch(shuffled), huawei)).toBe(query);
        const written = pairs.map(([k, v]) => `${referenceEncoding(k)}=${referenceEncoding(v)}`);
        expect(query === '' ? [] : query.split('&')).toEqual(expect.arrayContaining(written));
        expect(query === '' ? 0 : query.split('&').length).toBe(pairs.length);
      }),
    );
  });

  it('is sorted by key then value: encoded for AWS, decoded for Huawei', () => {
    fc.assert(
      // No NUL: the sort joins key and value with one (none of our keys holds a NUL).
      fc.property(parameters.filter(noNul), fc.boolean(), (pairs, huawei) => {
        // Prepare
        const sortKey = ([k, v]: [string, string]) =>
          huawei ? [k, v] : [referenceEncoding(k), referenceEncoding(v)];
        const expected = [...pairs]
          .sort((a, b) => {
            const [ka = '', va = ''] = sortKey(a);
            const [kb = '', vb = ''] = sortKey(b);
            return ka === kb ? (va < vb ? -1 : va > vb ? 1 : 0) : ka < kb ? -1 : 1;
          })
          .map(([k, v]) => `${referenceEncoding(k)}=${referenceEncoding(v)}`)
          .join('&');

        // Act
        const query = canonicalQueryOf(querySearch(pairs), huawei);

        // Assess
        expect(query).toBe(expected);
      }),
    );
  });
});

describe('the canonical headers', () => {
  it('do not change when blanks are added around values, nor (AWS) inside them', () => {
    fc.assert(
      fc.property(headers, blanks, blanks, (record, before, after) => {
        // Prepare
        const entries = Object.entries(record);
        const padded = Object.fromEntries(
          entries.map(([name, value]) => [name, `${before}${value}${after}`]),
        );
        const spread = Object.fromEntries(
          entries.map(([name, value]) => [name, value.replaceAll(' ', ' \t ')]),
        );

        // Act
        const aws = canonicalHeaderLinesOf(record, false);
        const huawei = canonicalHeaderLinesOf(record, true);

        // Assess
        expect(canonicalHeaderLinesOf(padded, false)).toEqual(aws);
        expect(canonicalHeaderLinesOf(padded, true)).toEqual(huawei);
        expect(canonicalHeaderLinesOf(spread, false)).toEqual(aws);
      }),
    );
  });

  it('list every header once, lower-cased and sorted, with no blank at either end of a value', () => {
    fc.assert(
      fc.property(headers, fc.boolean(), (record, huawei) => {
        // Act
        const lines = canonicalHeaderLinesOf(record, huawei);
        const signed = signedHeadersOf(record, huawei);

        // Assess
        const names = [...Object.keys(record).map((name) => name.toLowerCase()), 'x-date'].sort();
        expect(signed).toBe(names.join(';'));
        expect(lines.map((line) => line.slice(0, line.indexOf(':')))).toEqual(names);
        for (const line of lines) {
          const value = line.slice(line.indexOf(':') + 1);
          expect(value).toBe(value.trim());
        }
      }),
    );
  });
});

describe('signing any request', () => {
  it('never throws for AWS, and gives the same headers for the same now', () => {
    fc.assert(
      fc.property(request, awsOptions, (input, options) => {
        // Act
        const first = signAwsRequest(input, options);
        const second = signAwsRequest(input, options);

        // Assess
        expect(second).toEqual(first);
        expect(first.authorization).toMatch(
          /^AWS4-HMAC-SHA256 Credential=\S+, SignedHeaders=\S+, Signature=[0-9a-f]{64}$/,
        );
      }),
    );
  });

  it('never throws for Huawei, and gives the same headers for the same now', () => {
    fc.assert(
      fc.property(request, huaweiOptions, (input, options) => {
        // Act
        const first = signHuaweiRequest(input, options);
        const second = signHuaweiRequest(input, options);

        // Assess
        expect(second).toEqual(first);
        expect(first.authorization).toMatch(
          /^SDK-HMAC-SHA256 Access=\S+, SignedHeaders=\S+, Signature=[0-9a-f]{64}$/,
        );
      }),
    );
  });

  it('signs differently once the body, a header, the path, the query, the method or the host changes', () => {
    fc.assert(
      fc.property(request, changed, awsOptions, huaweiOptions, (input, [, change], aws, huawei) => {
        // Prepare
        const other = change(input);

        // Act
        const awsPair = [input, other].map((r) => signAwsRequest(r, aws).authorization);
        const huaweiPair = [input, other].map((r) => signHuaweiRequest(r, huawei).authorization);

        // Assess
        expect(awsPair[1]).not.toBe(awsPair[0]);
        expect(huaweiPair[1]).not.toBe(huaweiPair[0]);
      }),
    );
  });
});
