import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type HuaweiAccessKey,
  huaweiCanonicalUri,
  huaweiSignatureSteps,
  signHuaweiRequest,
} from '../../../lib/signing/huawei-sdk-hmac-sha256.ts';
import { canonicalQueryOf } from '../../helpers/canonical-parts.ts';

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
      // Prepare: the signer adds host (when signed) and x-sdk-date itself
      const { host, pathname, search } = new URL(vector.url);
      const signed = new Map(
        vector.signedHeaders.map(([name, value]) => [name.toLowerCase(), value]),
      );
      const url = { host: signed.has('host') ? host : undefined, pathname, search };
      for (const added of ['host', 'x-sdk-date']) signed.delete(added);
      const request = {
        method: vector.method,
        url,
        headers: Object.fromEntries(signed),
        body: vector.body,
      };
      const key = { ak: vector.ak, sk: vector.sk };

      // Act
      const [, , added] = huaweiSignatureSteps(request, { key, now: new Date(vector.now) });

      // Assess
      expect(added.authorization).toBe(vector.authorization);
    },
  );

  it.each(generated.map((c) => [c.name, c] as const))(
    '%s: gives the canonical request, string to sign and authorization computed apart',
    (_name, c) => {
      // Prepare
      const request = { method: c.method, url: new URL(c.url), headers: c.headers, body: c.body };

      // Act
      const [canonicalRequest, stringToSign, { authorization }] = huaweiSignatureSteps(request, {
        key: c.key,
        now: new Date(c.now),
      });

      // Assess
      expect({ canonicalRequest, stringToSign, authorization }).toEqual(c.expected);
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

  it('throws a URIError for a path with malformed percent-encoding', () => {
    // Prepare
    const request = { ...BCS_PUT, url: new URL('https://bcs.example.com/v2/%E0%A4/members/quit') };

    // Act
    const sign = () => signHuaweiRequest(request, { key: KEY, now: NOW });

    // Assess
    expect(sign).toThrow(URIError);
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
    ['/a%2Fb', '/a%2Fb/'],
    ['/a%2fb/c', '/a%2Fb/c/'],
  ])('canonicalizes %j as %j', (path, expected) => {
    // Act
    const uri = huaweiCanonicalUri(path);

    // Assess
    expect(uri).toBe(expected);
  });
});

describe('the canonical query, sorted as Huawei sorts', () => {
  it.each(published.canonicalQueries.map((vector) => [vector.name, vector] as const))(
    "%s: gives the canonical query Huawei's SDKs publish",
    (_name, vector) => {
      // Act
      const query = canonicalQueryOf(vector.search, true);

      // Assess
      expect(query).toBe(vector.canonicalQuery);
    },
  );
});
