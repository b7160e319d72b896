import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessKeyStore } from '../../simulator/access-keys.ts';
import { authenticateAksk } from '../../simulator/aksk.ts';
import {
  parseAuthorization,
  parseSdkDate,
  type ReceivedRequest,
} from '../../simulator/aksk-signature.ts';
import { defaultSeed, type Simulator, startSimulator } from '../../simulator/index.ts';
import { type SignedTestRequest, sdkDate, signTestRequest } from '../helpers/sdk-hmac-sha256.ts';
import { removeOrgsSegments, sdkRequest, sendRaw, signedRaw } from './helpers.ts';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const { demo } = defaultSeed;
const keys = [demo.accessKey, demo.temporaryAccessKey] as const;

const text = (maxLength: number) => fc.string({ unit: 'binary', maxLength });
const headerValue = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,30}[\x21-\x7e])?$/);

const signedRequests = fc
  .record({
    method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE'),
    segments: fc.array(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), {
      minLength: 1,
      maxLength: 6,
    }),
    query: fc.array(fc.tuple(text(8), text(8)), { maxLength: 4 }),
    headers: fc.dictionary(fc.stringMatching(/^x-test-[a-z]{1,8}$/), headerValue, { maxKeys: 3 }),
    body: fc.uint8Array({ maxLength: 256 }),
    key: fc.constantFrom(...keys),
  })
  .map(({ key, ...request }) => ({
    segments: request.segments,
    signed: signTestRequest(
      { ...request, headers: { ...request.headers, Host: 'bcs.cn-north-4.myhuaweicloud.com' } },
      key,
      sdkDate(NOW),
    ),
    method: request.method,
  }));

// What the gateway receives: the same bytes, header names in lowercase (as Node gives them).
function received(method: string, signed: SignedTestRequest): ReceivedRequest {
  const headers = Object.fromEntries(
    Object.entries(signed.headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return { method, rawPath: signed.path, headers, body: signed.body };
}

function verifies(request: ReceivedRequest): boolean {
  return authenticateAksk(request, new AccessKeyStore(defaultSeed.accounts), NOW).check.verified;
}

function flip(value: string, index: number, mask: number): string {
  const at = index % value.length;
  return (
    value.slice(0, at) + String.fromCharCode(value.charCodeAt(at) ^ mask) + value.slice(at + 1)
  );
}

// The test's own reading of a path: its segments, percent-decoded as UTF-8.
function decodedSegments(pathname: string): string[] | undefined {
  if (!pathname.startsWith('/')) return undefined;
  try {
    return pathname.slice(1).split('/').map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

describe('the AK/SK verifier against the test signer (property)', () => {
  it('verifies every request the test signer signed', () => {
    fc.assert(
      fc.property(signedRequests, ({ method, signed }) => {
        // Prepare
        const request = received(method, signed);

        // Act
        const verified = verifies(request);

        // Assess
        expect(verified).toBe(true);
      }),
    );
  });

  it('refuses a request once any byte of its body is flipped', () => {
    fc.assert(
      fc.property(signedRequests, fc.nat(), fc.integer({ min: 1, max: 255 }), (r, at, mask) => {
        fc.pre(r.signed.body.length > 0);
        // Prepare
        const body = Buffer.from(r.signed.body);
        body[at % body.length] = (body[at % body.length] ?? 0) ^ mask;

        // Act
        const verified = verifies({ ...received(r.method, r.signed), body });

        // Assess
        expect(verified).toBe(false);
      }),
    );
  });

  it('refuses a request once any byte of a signed header value is flipped', () => {
    fc.assert(
      fc.property(
        signedRequests,
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 127 }),
        (r, which, at, mask) => {
          // Prepare
          const request = received(r.method, r.signed);
          const signedNames = Object.keys(request.headers).filter(
            (name) => name !== 'authorization',
          );
          const name = signedNames[which % signedNames.length] ?? '';
          const headers = {
            ...request.headers,
            [name]: flip(request.headers[name] ?? '', at, mask),
          };

          // Act
          const verified = verifies({ ...request, headers });

          // Assess
          expect(verified).toBe(false);
        },
      ),
    );
  });

  it('refuses a request once a byte of its path is flipped, unless the path still means the same', () => {
    fc.assert(
      fc.property(signedRequests, fc.nat(), fc.integer({ min: 1, max: 127 }), (r, at, mask) => {
        // Prepare
        const request = received(r.method, r.signed);
        const queryAt = request.rawPath.indexOf('?');
        const pathname = queryAt < 0 ? request.rawPath : request.rawPath.slice(0, queryAt);
        const mutated = flip(pathname, at, mask) + request.rawPath.slice(pathname.length);
        const unchanged =
          !mutated.slice(0, pathname.length).includes('?') &&
          JSON.stringify(decodedSegments(mutated.slice(0, pathname.length))) ===
            JSON.stringify(r.segments);

        // Act
        const verified = verifies({ ...request, rawPath: mutated });

        // Assess
        expect(verified).toBe(unchanged);
      }),
    );
  });
});

describe('the Authorization and X-Sdk-Date parsers (property)', () => {
  const field = fc.stringMatching(/^[^\s,]([^,]*[^\s,])?$/);

  it('reads back the fields of any Authorization header a signer writes', () => {
    fc.assert(
      fc.property(field, field, field, (access, signedHeaders, signature) => {
        // Prepare
        const header = `SDK-HMAC-SHA256 Access=${access}, SignedHeaders=${signedHeaders}, Signature=${signature}`;

        // Act
        const fields = parseAuthorization(header);

        // Assess
        expect(fields).toEqual({ access, signedHeaders, signature });
      }),
    );
  });

  it('never throws on any Authorization header', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `SDK-HMAC-SHA256 ${s}`),
        ),
        (value) => {
          // Prepare
          const header = value;

          // Act
          const parse = () => parseAuthorization(header);

          // Assess
          expect(parse).not.toThrow();
        },
      ),
    );
  });

  it('reads back any instant written as an X-Sdk-Date, to the second', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) }), (ms) => {
        // Prepare
        const header = sdkDate(ms);

        // Act
        const parsed = parseSdkDate(header);

        // Assess
        expect(parsed).toBe(Math.floor(ms / 1000) * 1000);
      }),
    );
  });

  it('accepts only strings that are exactly an X-Sdk-Date', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{8}T\d{6}Z$/)), (value) => {
        // Prepare
        const header = value;

        // Act
        const parsed = parseSdkDate(header);

        // Assess
        if (parsed !== undefined) expect(sdkDate(parsed)).toBe(header);
      }),
    );
  });
});

describe('the simulator over HTTP against the test signer (property)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ clock: () => NOW });
  });
  afterAll(() => sim.stop());

  it('lets a signed request through to BCS, and refuses it once a body byte is flipped', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }),
        fc.constantFrom(...keys),
        fc.nat(),
        async (channel, body, key, at) => {
          // Prepare
          sim.resetLockouts();
          const signed = signedRaw(
            sdkRequest(sim, 'PUT', removeOrgsSegments(channel), { body }),
            key,
            sdkDate(NOW),
          );
          const flipped = Buffer.from(signed.body);
          flipped[at % flipped.length] = (flipped[at % flipped.length] ?? 0) ^ 0x01;

          // Act
          const passed = await sendRaw(sim, signed);
          const refused = await sendRaw(sim, { ...signed, body: flipped });

          // Assess
          expect(passed.status).not.toBe(401);
          expect(refused.status).toBe(401);
          expect(refused.body.error_msg).toContain('verify aksk signature fail');
        },
      ),
      { numRuns: 40 },
    );
  });
});
