/**
 * The parts of a canonical request, read through `signatureSteps` itself (the only way the
 * signers build one) with a test scheme whose canonical URI is the path as given.
 */
import {
  type SignatureSteps,
  type SigningScheme,
  signatureSteps,
  type WireRequest,
} from '../../lib/signing/canonical-request.ts';

/** A scheme apart from both real ones: its own header names, the path as its canonical URI. */
export const testScheme = (huawei: boolean): SigningScheme => [
  'x-date',
  'x-token',
  'TEST-HMAC-SHA256',
  (path) => path,
  huawei,
];

/** The headers the test scheme signs by itself. */
export const TEST_SCHEME_HEADERS = ['x-date', 'x-token'];

export const TEST_NOW = new Date('2015-08-30T12:36:00Z');

const request: WireRequest = {
  method: 'POST',
  url: { host: 'example.com', pathname: '/p', search: '?b=2&a=1' },
  headers: {},
  body: 'Param1=value1',
};

/** The steps of a POST to example.com/p?b=2&a=1 with `change` made, in the test scheme. */
export const testSteps = (
  change: Partial<WireRequest>,
  huawei = false,
  token?: string,
): SignatureSteps =>
  signatureSteps(
    { ...request, ...change },
    TEST_NOW,
    testScheme(huawei),
    token,
    'Access=AK',
    '',
    'key',
  );

/** The canonical query of `search`. */
export const canonicalQueryOf = (search: string, huawei = false): string =>
  testSteps({ url: { pathname: '/', search } }, huawei)[0].split('\n')[2] ?? '';

/** The canonical header lines of `headers` (with the test scheme's `x-date`, and no host). */
export const canonicalHeaderLinesOf = (
  headers: Record<string, string>,
  huawei = false,
): string[] => {
  const lines = testSteps({ url: { pathname: '/', search: '' }, headers }, huawei)[0].split('\n');
  return lines.slice(3, lines.indexOf('', 3));
};

/** The signed header list of `headers` (with the test scheme's `x-date`, and no host). */
export const signedHeadersOf = (headers: Record<string, string>, huawei = false): string =>
  testSteps({ url: { pathname: '/', search: '' }, headers }, huawei)[0]
    .split('\n')
    .at(-2) ?? '';

/**
 * A raw path as a URL sends it: dot segments removed (the signers get a URL's pathname, which
 * never has any), anything else as written (a URL would also percent-encode a raw space).
 */
export const pathAsSent = (path: string): string =>
  /(^|\/)\.\.?(\/|$)/.test(path) ? new URL(path, 'https://example.amazonaws.com').pathname : path;
