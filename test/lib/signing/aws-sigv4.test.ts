import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type AwsSigningOptions,
  awsCanonicalUri,
  awsSignatureSteps,
  signAwsRequest,
} from '../../../lib/signing/aws-sigv4.ts';
import { pathAsSent } from '../../helpers/canonical-parts.ts';

/** A case of test/fixtures/aws-sigv4/cases.json (see its README.md). */
interface AwsCase {
  name: string;
  origin: 'suite' | 'own';
  method: string;
  scheme: string;
  host: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string | null;
  region: string;
  service: string;
  now: string;
  expected: { canonicalRequest: string; stringToSign: string; authorization: string };
}

const { cases } = JSON.parse(
  readFileSync(new URL('../../fixtures/aws-sigv4/cases.json', import.meta.url), 'utf8'),
) as { cases: AwsCase[] };

const amzDateOf = (iso: string): string => iso.replaceAll(/[-:]/g, '');

const credentialsOf = (c: AwsCase) => ({
  accessKeyId: c.accessKeyId,
  secretAccessKey: c.secretAccessKey,
  sessionToken: c.sessionToken ?? undefined,
});

/** The URL a case's request goes to, when a URL can hold its path and query as they are. */
const urlAsWritten = (c: AwsCase): URL | undefined => {
  const url = new URL(`${c.scheme}://${c.host}${c.path}${c.query}`);
  return url.pathname === c.path && url.search === c.query ? url : undefined;
};

const SUITE_OPTIONS = {
  credentials: {
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  },
  region: 'us-east-1',
  service: 'service',
  now: new Date('2015-08-30T12:36:00Z'),
} satisfies AwsSigningOptions;

const vanilla = {
  method: 'GET',
  url: new URL('https://example.amazonaws.com/'),
  headers: {},
  body: '',
};

describe('awsSignatureSteps', () => {
  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: gives the canonical request, string to sign and authorization botocore gives',
    (_name, c) => {
      // Prepare
      const url = { host: c.host, pathname: pathAsSent(c.path), search: c.query };
      const request = { method: c.method, url, headers: c.headers, body: c.body };

      // Act
      const [canonicalRequest, stringToSign, added] = awsSignatureSteps(request, {
        credentials: credentialsOf(c),
        region: c.region,
        service: c.service,
        now: new Date(c.now),
      });

      // Assess
      expect({ canonicalRequest, stringToSign, authorization: added.authorization }).toEqual(
        c.expected,
      );
    },
  );
});

describe('signAwsRequest', () => {
  it.each(
    cases.flatMap((c) => {
      const url = urlAsWritten(c);
      return url ? [[c.name, c, url] as const] : [];
    }),
  )('%s: returns the date, token and authorization headers botocore signs', (_name, c, url) => {
    // Prepare
    const request = { method: c.method, url, headers: c.headers, body: c.body };

    // Act
    const added = signAwsRequest(request, {
      credentials: credentialsOf(c),
      region: c.region,
      service: c.service,
      now: new Date(c.now),
    });

    // Assess
    expect(added).toEqual({
      'x-amz-date': amzDateOf(c.now),
      ...(c.sessionToken ? { 'x-amz-security-token': c.sessionToken } : {}),
      authorization: c.expected.authorization,
    });
  });

  it('is checked on every suite case but those whose path or query a URL rewrites', () => {
    // Prepare
    const suiteCases = cases.filter((c) => c.origin === 'suite');

    // Act
    const rewritten = suiteCases.filter((c) => urlAsWritten(c) === undefined).map((c) => c.name);

    // Assess: raw UTF-8 or a space (a URL percent-encodes them), dot segments (it removes them)
    expect(rewritten).toEqual([
      'get-utf8',
      'get-vanilla-utf8-query',
      'normalize-path/get-relative',
      'normalize-path/get-relative-relative',
      'normalize-path/get-slash-dot-slash',
      'normalize-path/get-slash-pointless-dot',
      'normalize-path/get-space',
    ]);
  });

  it.each(cases.filter((c) => pathAsSent(c.path) !== c.path).map((c) => [c.name, c] as const))(
    '%s: signs the path a URL sends, its dot segments removed, as AWS does',
    (_name, c) => {
      // Prepare
      const url = new URL(`${c.scheme}://${c.host}${c.path}${c.query}`);
      const request = { method: c.method, url, headers: c.headers, body: c.body };

      // Act
      const added = signAwsRequest(request, { ...SUITE_OPTIONS, now: new Date(c.now) });

      // Assess
      expect(added.authorization).toBe(c.expected.authorization);
    },
  );

  it("signs Lambda's ARN function name percent-encoded twice in the canonical URI", () => {
    // Prepare
    const path =
      '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-fn/invocations';
    const lambda = cases.find((c) => c.name === 'lambda-invoke-arn');

    // Act
    const uri = awsCanonicalUri(path);

    // Assess
    expect(uri).toBe(
      '/2015-03-31/functions/arn%253Aaws%253Alambda%253Aus-east-1%253A123456789012%253Afunction%253Amy-fn/invocations',
    );
    expect(lambda?.expected.canonicalRequest.split('\n')[1]).toBe(uri);
  });

  it('signs the body as its UTF-8 bytes, whether given as text or bytes', () => {
    // Prepare
    const body = '{"reason":"org déjà retirée ✓"}';
    const asText = { ...vanilla, method: 'POST', body };
    const asBytes = { ...asText, body: new TextEncoder().encode(body) };

    // Act
    const fromText = signAwsRequest(asText, SUITE_OPTIONS);
    const fromBytes = signAwsRequest(asBytes, SUITE_OPTIONS);

    // Assess
    expect(fromBytes).toEqual(fromText);
  });

  it('signs with the seconds of now, never its milliseconds', () => {
    // Prepare
    const later = { ...SUITE_OPTIONS, now: new Date('2015-08-30T12:36:00.999Z') };

    // Act
    const signed = signAwsRequest(vanilla, later);

    // Assess
    expect(signed).toEqual(signAwsRequest(vanilla, SUITE_OPTIONS));
    expect(signed['x-amz-date']).toBe('20150830T123600Z');
  });

  it('derives a new key for another secret, day, region or service (the key cache keys on all four)', () => {
    // Prepare
    const variants: AwsSigningOptions[] = [
      SUITE_OPTIONS,
      {
        ...SUITE_OPTIONS,
        credentials: { ...SUITE_OPTIONS.credentials, secretAccessKey: 'another-secret' },
      },
      { ...SUITE_OPTIONS, now: new Date('2015-08-31T12:36:00Z') },
      { ...SUITE_OPTIONS, region: 'eu-west-1' },
      { ...SUITE_OPTIONS, service: 'lambda' },
    ];

    // Act: twice over, so that the second round reads whatever the first one kept
    const first = variants.map((options) => signAwsRequest(vanilla, options).authorization);
    const second = variants.map((options) => signAwsRequest(vanilla, options).authorization);

    // Assess
    expect(new Set(first).size).toBe(variants.length);
    expect(second).toEqual(first);
  });

  it('throws a RangeError for an invalid date rather than signing a garbled one', () => {
    // Prepare
    const options = { ...SUITE_OPTIONS, now: new Date(Number.NaN) };

    // Act
    const sign = () => signAwsRequest(vanilla, options);

    // Assess
    expect(sign).toThrow(RangeError);
  });
});

describe('awsCanonicalUri', () => {
  it.each([
    ['/', '/'],
    ['/a//b//', '/a/b/'],
    ['//', '/'],
    ['/a%2Fb', '/a%252Fb'],
    ["/a:b@c!d$e'f(g)h*i+j,k;l=m", '/a%3Ab%40c%21d%24e%27f%28g%29h%2Ai%2Bj%2Ck%3Bl%3Dm'],
  ])('canonicalizes %j as %j', (path, expected) => {
    // Act
    const uri = awsCanonicalUri(path);

    // Assess
    expect(uri).toBe(expected);
  });
});
