import { describe, expect, it } from 'vitest';
import {
  buildCanonicalRequest,
  type CanonicalDialect,
  canonicalHeaders,
  canonicalQuery,
  decodePercent,
  encodeRfc3986,
  SigningInputError,
  sha256Hex,
} from '../../../lib/signing/canonical-request.ts';

const AS_IS: CanonicalDialect = { uri: (path) => path, sortDecoded: false, collapseBlanks: true };
const wire = {
  method: 'POST',
  path: '/p',
  search: '?b=2&a=1',
  headers: [['Host', 'example.com'] as const, ['X-Amz-Date', '20150830T123600Z'] as const],
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

describe('decodePercent', () => {
  it.each(['%', '%zz', '%E1%88', '%FF'])('refuses the malformed %j', (text) => {
    // Act
    const decode = () => decodePercent(text);

    // Assess
    expect(decode).toThrow(SigningInputError);
  });
});

describe('canonicalQuery', () => {
  it('sorts by key, then by value', () => {
    // Act
    const query = canonicalQuery('?b=2&a=z&a=y&A=x', false);

    // Assess
    expect(query).toBe('A=x&a=y&a=z&b=2');
  });

  it('gives a parameter without = the empty value, keeps = inside a value, skips empty parts', () => {
    // Act
    const query = canonicalQuery('?flag&&k=a=b&e=', false);

    // Assess
    expect(query).toBe('e=&flag=&k=a%3Db');
  });

  it('decodes each key and value and encodes it again, the RFC 3986 way', () => {
    // Act
    const query = canonicalQuery("?k%20y=%41%7e!'()*&%e1%88%b4=%2F", false);

    // Assess
    expect(query).toBe('%E1%88%B4=%2F&k%20y=A~%21%27%28%29%2A');
  });

  it('sorts by the encoded text for AWS and by the decoded text for Huawei', () => {
    // Prepare: '/' sorts after '.', but its encoding '%2F' sorts before it
    const search = '?a/=1&a.=2';

    // Act
    const aws = canonicalQuery(search, false);
    const huawei = canonicalQuery(search, true);

    // Assess
    expect(aws).toBe('a%2F=1&a.=2');
    expect(huawei).toBe('a.=2&a%2F=1');
  });

  it('is empty for no query', () => {
    // Act
    const query = canonicalQuery('', false);

    // Assess
    expect(query).toBe('');
  });

  it('refuses a + (a space to some servers, a plus sign to others)', () => {
    // Act
    const sign = () => canonicalQuery('?q=a+b', false);

    // Assess
    expect(sign).toThrow(/\+/);
  });

  it('refuses malformed percent-encoding', () => {
    // Act
    const sign = () => canonicalQuery('?q=100%', true);

    // Assess
    expect(sign).toThrow(SigningInputError);
  });
});

describe('canonicalHeaders', () => {
  it('lower-cases the names, sorts them and lists them as the signed headers', () => {
    // Act
    const headers = canonicalHeaders(
      [
        ['X-Amz-Target', 'DynamoDB_20120810.PutItem'],
        ['Content-Type', 'application/x-amz-json-1.0'],
        ['host', 'dynamodb.eu-west-1.amazonaws.com'],
      ],
      true,
    );

    // Assess
    expect(headers).toEqual({
      canonical:
        'content-type:application/x-amz-json-1.0\nhost:dynamodb.eu-west-1.amazonaws.com\nx-amz-target:DynamoDB_20120810.PutItem\n',
      signed: 'content-type;host;x-amz-target',
    });
  });

  it('trims values, and collapses blanks inside them only when asked (AWS, not Huawei)', () => {
    // Prepare
    const headers = [['x-a', ' \t a  \t b c \t']] as const;

    // Act
    const aws = canonicalHeaders(headers, true);
    const huawei = canonicalHeaders(headers, false);

    // Assess
    expect(aws.canonical).toBe('x-a:a b c\n');
    expect(huawei.canonical).toBe('x-a:a  \t b c\n');
  });

  it('signs an empty value', () => {
    // Act
    const headers = canonicalHeaders([['x-empty', '  ']], true);

    // Assess
    expect(headers.canonical).toBe('x-empty:\n');
  });

  it.each([
    ['a line feed (a folded line)', 'value1\n  value2'],
    ['a carriage return', 'a\rb'],
    ['a NUL', 'a\u0000b'],
    ['another control character', 'a\u000bb'],
    ['DEL', 'a\u007fb'],
    ['a Latin-1 letter (fetch sends it as one byte, not its UTF-8)', 'café'],
    ['a character beyond Latin-1', 'ሴ'],
  ])('refuses a value with %s, and never quotes the value', (_name, value) => {
    // Act
    const sign = () => canonicalHeaders([['x-secret', value]], true);

    // Assess
    expect(sign).toThrow(SigningInputError);
    expect(sign).not.toThrow(value);
  });

  it.each([
    ['an empty name', ''],
    ['a blank', 'x a'],
    ['a colon', 'x:a'],
    ['a line feed', 'x\na'],
    ['a non-ASCII letter', 'x-é'],
  ])('refuses a name with %s', (_name, name) => {
    // Act
    const sign = () => canonicalHeaders([[name, 'v']], true);

    // Assess
    expect(sign).toThrow(SigningInputError);
  });

  it('refuses a name given twice, in any case', () => {
    // Act
    const sign = () =>
      canonicalHeaders(
        [
          ['X-Project-Id', 'a'],
          ['x-project-id', 'b'],
        ],
        false,
      );

    // Assess
    expect(sign).toThrow(/given twice/);
  });

  it('refuses to sign authorization, where the signature goes', () => {
    // Act
    const sign = () => canonicalHeaders([['Authorization', 'x']], true);

    // Assess
    expect(sign).toThrow(SigningInputError);
  });
});

describe('buildCanonicalRequest', () => {
  it('joins method, canonical URI, query, headers, signed headers and payload hash by line', () => {
    // Act
    const built = buildCanonicalRequest(wire, AS_IS);

    // Assess
    expect(built).toEqual({
      canonicalRequest: [
        'POST',
        '/p',
        'a=1&b=2',
        'host:example.com',
        'x-amz-date:20150830T123600Z',
        '',
        'host;x-amz-date',
        '9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e',
      ].join('\n'),
      signedHeaders: 'host;x-amz-date',
    });
  });

  it.each(['post', 'Get', 'M-SEARCH', ''])('refuses the method %j', (method) => {
    // Act
    const build = () => buildCanonicalRequest({ ...wire, method }, AS_IS);

    // Assess
    expect(build).toThrow(SigningInputError);
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
