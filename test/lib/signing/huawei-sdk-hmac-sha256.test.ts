import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalQuery, SigningInputError } from '../../../lib/signing/canonical-request.ts';
import {
  type HuaweiAccessKey,
  huaweiCanonicalUri,
  huaweiSignatureSteps,
  signHuaweiRequest,
} from '../../../lib/signing/huawei-sdk-hmac-sha256.ts';

/** A vector of test/fixtures/huawei-sdk-hmac-sha256/published.json. */
interface PublishedVector {
  name: string;
  method: string;
  url: string;
  signedHeaders: [string, string][];
  body: string;
  ak: string;
  sk: string;
  now: string;
  authorization: string;
}

/** A case of test/fixtures/huawei-sdk-hmac-sha256/generated.json. */
interface GeneratedCase {
  name: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  key: HuaweiAccessKey;
  now: string;
  expected: { canonicalRequest: string; stringToSign: string; authorization: string };
}

const fixture = <T>(name: string): T =>
  JSON.parse(
    readFileSync(new URL(`../../fixtures/huawei-sdk-hmac-sha256/${name}`, import.meta.url), 'utf8'),
  ) as T;

const published = fixture<{
  signatures: PublishedVector[];
  canonicalQueries: { name: string; search: string; canonicalQuery: string }[];
}>('published.json');
const generated = fixture<{ cases: GeneratedCase[] }>('generated.json').cases;

const sdkDateOf = (iso: string): string => iso.replaceAll(/[-:]/g, '');

/** The published vectors that sign host and x-sdk-date, as signHuaweiRequest always does. */
const signedAsWeSign = published.signatures.filter((vector) => {
  const names = vector.signedHeaders.map(([name]) => name.toLowerCase());
  return names.includes('host') && names.includes('x-sdk-date');
});

const KEY = { ak: 'AccessKey', sk: 'SecretKey' };
const NOW = new Date('2026-03-14T09:26:53Z');
const BCS_PUT = {
  method: 'PUT',
  url: new URL('https://bcs.cn-north-4.myhuaweicloud.com/v2/p1/members/quit'),
  headers: { 'content-type': 'application/json;charset=UTF-8', 'x-project-id': 'p1' },
  body: '{"channel_name":"channel"}',
};

describe('huaweiSignatureSteps', () => {
  it.each(published.signatures.map((vector) => [vector.name, vector] as const))(
    "%s: gives the authorization Huawei's SDK publishes",
    (_name, vector) => {
      // Prepare
      const url = new URL(vector.url);
      const wire = {
        method: vector.method,
        path: url.pathname,
        search: url.search,
        headers: vector.signedHeaders,
        body: vector.body,
      };
      const key = { ak: vector.ak, sk: vector.sk };

      // Act
      const steps = huaweiSignatureSteps(wire, { key, sdkDate: sdkDateOf(vector.now) });

      // Assess
      expect(steps.authorization).toBe(vector.authorization);
    },
  );

  it.each(generated.map((c) => [c.name, c] as const))(
    '%s: gives the canonical request, string to sign and authorization computed apart',
    (_name, c) => {
      // Prepare
      const url = new URL(c.url);
      const sdkDate = sdkDateOf(c.now);
      const headers: [string, string][] = [
        ...Object.entries(c.headers),
        ['host', url.host],
        ['x-sdk-date', sdkDate],
      ];
      if (c.key.securityToken) headers.push(['x-security-token', c.key.securityToken]);
      const wire = {
        method: c.method,
        path: url.pathname,
        search: url.search,
        headers,
        body: c.body,
      };

      // Act
      const steps = huaweiSignatureSteps(wire, { key: c.key, sdkDate });

      // Assess
      expect(steps).toEqual(c.expected);
    },
  );
});

describe('signHuaweiRequest', () => {
  it.each(signedAsWeSign.map((vector) => [vector.name, vector] as const))(
    "%s: returns the x-sdk-date and the authorization Huawei's SDK publishes",
    (_name, vector) => {
      // Prepare
      const headers = Object.fromEntries(
        vector.signedHeaders.filter(
          ([name]) => !['host', 'x-sdk-date'].includes(name.toLowerCase()),
        ),
      );
      const request = {
        method: vector.method,
        url: new URL(vector.url),
        headers,
        body: vector.body,
      };

      // Act
      const added = signHuaweiRequest(request, {
        key: { ak: vector.ak, sk: vector.sk },
        now: new Date(vector.now),
      });

      // Assess
      expect(added).toEqual({
        'x-sdk-date': sdkDateOf(vector.now),
        authorization: vector.authorization,
      });
    },
  );

  it('is checked against the Python and Java vectors: the Go ones leave host unsigned', () => {
    // Act
    const names = signedAsWeSign.map((vector) => vector.name);

    // Assess
    expect(names).toEqual(['python-sdk-get', 'python-sdk-post', 'java-sdk-get-content-type']);
  });

  it.each(generated.map((c) => [c.name, c] as const))(
    '%s: returns the date, security token and authorization computed apart',
    (_name, c) => {
      // Prepare
      const request = { method: c.method, url: new URL(c.url), headers: c.headers, body: c.body };

      // Act
      const added = signHuaweiRequest(request, { key: c.key, now: new Date(c.now) });

      // Assess
      expect(added).toEqual({
        'x-sdk-date': sdkDateOf(c.now),
        ...(c.key.securityToken ? { 'x-security-token': c.key.securityToken } : {}),
        authorization: c.expected.authorization,
      });
    },
  );

  it('signs a path however its segments were encoded, as long as they decode alike', () => {
    // Prepare
    const [strict, loose] = ['encoded', 'loosely-encoded'].map(
      (how) => generated.find((c) => c.name === `bcs-remove-channel-orgs-${how}-channel`)?.expected,
    );

    // Act
    const uri = huaweiCanonicalUri("/v2/p/blockchains/b/ch%c3%a4n%20n'el:1/orgs/quit");

    // Assess
    expect(uri).toBe('/v2/p/blockchains/b/ch%C3%A4n%20n%27el%3A1/orgs/quit/');
    expect(loose).toEqual(strict);
  });

  it('signs the security token of temporary keys, and sends it', () => {
    // Prepare
    const key = { ...KEY, securityToken: 'token-value' };

    // Act
    const added = signHuaweiRequest(BCS_PUT, { key, now: NOW });

    // Assess
    expect(added['x-security-token']).toBe('token-value');
    expect(added.authorization).toContain(
      'SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token,',
    );
  });

  it('signs the timestamp of now in UTC, without milliseconds', () => {
    // Prepare
    const now = new Date('2026-03-14T09:26:53.987Z');

    // Act
    const added = signHuaweiRequest(BCS_PUT, { key: KEY, now });

    // Assess
    expect(added['x-sdk-date']).toBe('20260314T092653Z');
  });

  it.each([
    ['X-Sdk-Date', { 'X-Sdk-Date': '20260314T092653Z' }],
    ['Host', { Host: 'bcs.cn-north-4.myhuaweicloud.com' }],
    ['Authorization', { Authorization: 'SDK-HMAC-SHA256 …' }],
  ])('refuses a request that sets %s itself', (_name, headers) => {
    // Prepare
    const request = { ...BCS_PUT, headers: { ...BCS_PUT.headers, ...headers } };

    // Act
    const sign = () => signHuaweiRequest(request, { key: KEY, now: NOW });

    // Assess
    expect(sign).toThrow(SigningInputError);
  });

  it('refuses a request that sets x-security-token itself when the key has one', () => {
    // Prepare
    const request = { ...BCS_PUT, headers: { ...BCS_PUT.headers, 'X-Security-Token': 't' } };

    // Act
    const sign = () =>
      signHuaweiRequest(request, { key: { ...KEY, securityToken: 't' }, now: NOW });

    // Assess
    expect(sign).toThrow(/x-security-token.*given twice/i);
  });

  it.each([
    ['an empty AK', { ak: '', sk: 'SecretKey' }],
    ['an AK with a comma', { ak: 'A,B', sk: 'SecretKey' }],
    ['an empty SK', { ak: 'AccessKey', sk: '' }],
  ])('refuses to sign with %s', (_name, key) => {
    // Act
    const sign = () => signHuaweiRequest(BCS_PUT, { key, now: NOW });

    // Assess
    expect(sign).toThrow(SigningInputError);
  });

  it('refuses a path with malformed percent-encoding', () => {
    // Prepare
    const request = { ...BCS_PUT, url: new URL('https://bcs.example.com/v2/%E0%A4/members/quit') };

    // Act
    const sign = () => signHuaweiRequest(request, { key: KEY, now: NOW });

    // Assess
    expect(sign).toThrow(/malformed percent-encoding/);
  });
});

describe('huaweiCanonicalUri', () => {
  it.each([
    ['/', '/'],
    ['', '/'],
    ['/v2/p1/members/quit', '/v2/p1/members/quit/'],
    ['/v2/p1/members/quit/', '/v2/p1/members/quit/'],
    ['/a//b', '/a//b/'],
    ['/a%2e%2E', '/a../'],
    ['/%7E%41+', '/~A%2B/'],
  ])('canonicalizes %j as %j', (path, expected) => {
    // Act
    const uri = huaweiCanonicalUri(path);

    // Assess
    expect(uri).toBe(expected);
  });
});

describe('huaweiCanonicalUri refusals', () => {
  it.each(['/a%2Fb', '/a%2fb/c'])(
    'refuses %j: Huawei’s SDKs disagree on an encoded slash',
    (path) => {
      // Act
      const canonicalize = () => huaweiCanonicalUri(path);

      // Assess
      expect(canonicalize).toThrow(SigningInputError);
    },
  );
});

describe('canonicalQuery, sorted as Huawei sorts', () => {
  it.each(published.canonicalQueries.map((vector) => [vector.name, vector] as const))(
    "%s: gives the canonical query Huawei's SDKs publish",
    (_name, vector) => {
      // Act
      const query = canonicalQuery(vector.search, true);

      // Assess
      expect(query).toBe(vector.canonicalQuery);
    },
  );
});
