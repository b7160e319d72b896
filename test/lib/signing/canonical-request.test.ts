import { describe, expect, it } from 'vitest';
import {
  encodeRfc3986,
  sha256Hex,
  signatureSteps,
} from '../../../lib/signing/canonical-request.ts';
import {
  canonicalHeaderLinesOf,
  canonicalQueryOf,
  TEST_NOW,
  testScheme,
  testSteps,
} from '../../helpers/canonical-parts.ts';

/** The helper's request, for signatureSteps called with other arguments. */
const wire = {
  method: 'POST',
  url: { host: 'example.com', pathname: '/p', search: '?b=2&a=1' },
  headers: {},
  body: 'Param1=value1',
};

describe('encodeRfc3986', () => {
  it.each([
    ['-._~AZaz09', '-._~AZaz09'],
    ["!'()*", '%21%27%28%29%2A'],
    ['a b+c/d?e#f&g=h:i@j', 'a%20b%2Bc%2Fd%3Fe%23f%26g%3Dh%3Ai%40j'],
    ['%3A', '%253A'],
    ['ሴ', '%E1%88%B4'],
    ['😀', '%F0%9F%98%80'],
  ])('encodes %j as %j', (text, expected) => {
    // Act
    const encoded = encodeRfc3986(text);

    // Assess
    expect(encoded).toBe(expected);
  });
});

describe('signatureSteps: the canonical request', () => {
  it('joins method, canonical URI, query, headers, signed headers and payload hash by line', () => {
    // Act
    const [canonical] = testSteps({});

    // Assess
    expect(canonical).toBe(
      [
        'POST',
        '/p',
        'a=1&b=2',
        'host:example.com',
        'x-date:20150830T123600Z',
        '',
        'host;x-date',
        '9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e',
      ].join('\n'),
    );
  });

  it('leaves host unsigned for a URL without one', () => {
    // Act
    const [canonical] = testSteps({ url: { pathname: '/', search: '' } });

    // Assess
    expect(canonical).not.toContain('host');
  });

  it('signs a token under the scheme’s token header, and adds it with the date', () => {
    // Act
    const [canonical, , added] = testSteps({}, false, 'token-value');

    // Assess
    expect(canonical).toContain('\nx-token:token-value\n\nhost;x-date;x-token\n');
    expect(added).toEqual({
      'x-date': '20150830T123600Z',
      'x-token': 'token-value',
      authorization: expect.stringMatching(/^TEST-HMAC-SHA256 Access=AK, /),
    });
  });

  it.each([
    ['no token', undefined],
    ['an empty token', ''],
  ])('neither signs nor adds a token header for %s', (_name, token) => {
    // Act
    const [canonical, , added] = testSteps({}, false, token);

    // Assess
    expect(canonical).toContain('\nhost;x-date\n');
    expect(Object.keys(added)).toEqual(['x-date', 'authorization']);
  });

  it('signs the seconds of now, never its milliseconds', () => {
    // Prepare
    const later = new Date('2015-08-30T12:36:00.999Z');

    // Act
    const [, , added] = signatureSteps(
      wire,
      later,
      testScheme(false),
      undefined,
      'Access=AK',
      '',
      'key',
    );

    // Assess
    expect(added).toEqual(testSteps({})[2]);
  });

  it('throws a RangeError for an invalid date rather than signing a garbled one', () => {
    // Act
    const sign = () =>
      signatureSteps(wire, new Date(Number.NaN), testScheme(false), '', 'A', '', 'k');

    // Assess
    expect(sign).toThrow(RangeError);
  });
});

describe('signatureSteps: the string to sign and authorization', () => {
  it('hashes the canonical request after the algorithm, timestamp and scope', () => {
    // Act
    const [canonical, stringToSign] = signatureSteps(
      wire,
      TEST_NOW,
      testScheme(false),
      undefined,
      'Credential=AK/scope',
      'scope\n',
      'key',
    );

    // Assess
    expect(stringToSign).toBe(`TEST-HMAC-SHA256\n20150830T123600Z\nscope\n${sha256Hex(canonical)}`);
  });

  it('names the credential and the signed headers beside the signature', () => {
    // Act
    const [, , { authorization }] = testSteps({});

    // Assess
    expect(authorization).toMatch(
      /^TEST-HMAC-SHA256 Access=AK, SignedHeaders=host;x-date, Signature=[0-9a-f]{64}$/,
    );
  });
});

describe('signatureSteps: the canonical query', () => {
  it('sorts by key, then by value', () => {
    // Act
    const query = canonicalQueryOf('?b=2&a=z&a=y&A=x');

    // Assess
    expect(query).toBe('A=x&a=y&a=z&b=2');
  });

  it('sorts a key before a longer key it begins', () => {
    // Act
    const query = canonicalQueryOf('?Param-3=Value3&Param=Value2&%E1%88%B4=Value1');

    // Assess
    expect(query).toBe('%E1%88%B4=Value1&Param=Value2&Param-3=Value3');
  });

  it('gives a parameter without = the empty value, keeps = inside a value, skips empty parts', () => {
    // Act
    const query = canonicalQueryOf('?flag&&k=a=b&e=');

    // Assess
    expect(query).toBe('e=&flag=&k=a%3Db');
  });

  it('decodes each key and value and encodes it again, the RFC 3986 way', () => {
    // Act
    const query = canonicalQueryOf("?k%20y=%41%7e!'()*&%e1%88%b4=%2F");

    // Assess
    expect(query).toBe('%E1%88%B4=%2F&k%20y=A~%21%27%28%29%2A');
  });

  it('reads a + as a space, as a form does', () => {
    // Act
    const query = canonicalQueryOf('?q=a+b');

    // Assess
    expect(query).toBe('q=a%20b');
  });

  it('sorts by the encoded text for AWS and by the decoded text for Huawei', () => {
    // Prepare: '/' sorts after '.', but its encoding '%2F' sorts before it
    const search = '?a/=1&a.=2';

    // Act
    const aws = canonicalQueryOf(search, false);
    const huawei = canonicalQueryOf(search, true);

    // Assess
    expect(aws).toBe('a%2F=1&a.=2');
    expect(huawei).toBe('a.=2&a%2F=1');
  });

  it('is empty for no query', () => {
    // Act
    const query = canonicalQueryOf('');

    // Assess
    expect(query).toBe('');
  });
});

describe('signatureSteps: the canonical headers', () => {
  it('lower-cases the names, sorts them and lists them as the signed headers', () => {
    // Act
    const [canonical] = testSteps({
      headers: {
        'X-Amz-Target': 'DynamoDB_20120810.PutItem',
        'Content-Type': 'application/x-amz-json-1.0',
      },
    });

    // Assess
    expect(canonical).toContain(
      '\ncontent-type:application/x-amz-json-1.0\nhost:example.com\nx-amz-target:DynamoDB_20120810.PutItem\nx-date:20150830T123600Z\n\ncontent-type;host;x-amz-target;x-date\n',
    );
  });

  it('trims values, and collapses blanks inside them for AWS only (Huawei only trims)', () => {
    // Prepare
    const headers = { 'x-a': ' \t a  \t b c \t' };

    // Act
    const aws = canonicalHeaderLinesOf(headers, false);
    const huawei = canonicalHeaderLinesOf(headers, true);

    // Assess
    expect(aws).toEqual(['x-a:a b c', 'x-date:20150830T123600Z']);
    expect(huawei).toEqual(['x-a:a  \t b c', 'x-date:20150830T123600Z']);
  });

  it('signs an empty value', () => {
    // Act
    const lines = canonicalHeaderLinesOf({ 'x-empty': '  ' });

    // Assess
    expect(lines).toEqual(['x-date:20150830T123600Z', 'x-empty:']);
  });
});

describe('sha256Hex', () => {
  it('hashes the empty body to the well-known digest', () => {
    // Act
    const digest = sha256Hex(new Uint8Array());

    // Assess
    expect(digest).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
