import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.ts';
import { sdkDate, type TestAccessKey } from '../helpers/sdk-hmac-sha256.ts';
import {
  demo,
  inviter,
  OPERATION_ID,
  quitBody,
  quitSegments,
  removeOrgsSegments,
  sdkRequest,
  sendRaw,
  sendSigned,
  signedRaw,
} from './helpers.ts';

const START = Date.parse('2026-03-02T10:00:00Z');
const MINUTE = 60_000;
const permanent: TestAccessKey = demo.accessKey;
const temporary: TestAccessKey = demo.temporaryAccessKey;
const recordSegments = ['v2', demo.projectId, 'operation', 'record'];

describe('AK/SK signed BCS requests (SDK-HMAC-SHA256)', () => {
  let sim: Simulator;
  let now = START;
  const date = () => sdkDate(now);
  const removeOrg = (org = 'org3') =>
    sdkRequest(sim, 'PUT', removeOrgsSegments(), { body: { org_names: [org] } });
  const wrongSecret = { ...permanent, secret: 'not-the-secret' };

  beforeAll(async () => {
    sim = await startSimulator({ clock: () => now });
  });
  afterAll(() => sim.stop());
  beforeEach(() => {
    now = START;
    sim.reset();
  });

  describe('a valid signature', () => {
    it('removes organizations from a channel, with no IAM call', async () => {
      // Prepare
      const put = removeOrg();

      // Act
      const res = await sendSigned(sim, put, permanent, date());

      // Assess
      expect(res.status).toBe(200);
      expect(res.body.operation_id).toMatch(OPERATION_ID);
      expect(sim.signInCount()).toBe(0);
      expect(sim.akskVerifiedCount()).toBe(1);
      expect(sim.requests.at(-1)?.aksk).toMatchObject({ access: permanent.access, verified: true });
    });

    it('makes the invitee quit a consortium', async () => {
      // Prepare
      const put = sdkRequest(sim, 'PUT', quitSegments, { body: quitBody() });

      // Act
      const res = await sendSigned(sim, put, permanent, date());

      // Assess
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        result: 'success',
        operation_id: expect.stringMatching(OPERATION_ID),
      });
      expect(sim.operations()).toHaveLength(1);
    });

    it('accepts a temporary key with its signed security token', async () => {
      // Prepare
      const put = removeOrg();

      // Act
      const res = await sendSigned(sim, put, temporary, date());

      // Assess
      expect(res.status).toBe(200);
      expect(sim.requests.at(-1)?.headers['x-security-token']).toBe(
        demo.temporaryAccessKey.securityToken,
      );
    });

    it('reads the operation record with a query sent unsorted', async () => {
      // Prepare
      const put = await sendSigned(sim, removeOrg(), permanent, date());
      const query = [
        ['operation_status', 'waiting'],
        ['operation_id', String(put.body.operation_id)],
      ] as const;
      const get = sdkRequest(sim, 'GET', recordSegments, { query });

      // Act
      const res = await sendSigned(sim, get, permanent, date());

      // Assess
      expect(res.status).toBe(200);
      expect(res.body.count).toBe(1);
    });

    it('acts in any project of the key owner when X-Project-Id is left out', async () => {
      // Prepare
      const segments = ['v2', demo.otherProjectId, 'operation', 'record'];
      const get = sdkRequest(sim, 'GET', segments, { projectId: null });

      // Act
      const res = await sendSigned(sim, get, permanent, date());

      // Assess
      expect(res.status).toBe(200);
    });

    it('accepts an X-Sdk-Date 15 minutes away, either way', async () => {
      // Prepare
      const early = sdkDate(now - 15 * MINUTE);
      const late = sdkDate(now + 15 * MINUTE);

      // Act
      const answers = [
        await sendSigned(sim, removeOrg('org3'), permanent, early),
        await sendSigned(sim, removeOrg('organization2'), permanent, late),
      ];

      // Assess
      expect(answers.map((res) => res.status)).toEqual([200, 200]);
    });

    it('keeps verifying over a long run when each request is signed with the time it is sent', async () => {
      // Prepare
      const signedAtStart = signedRaw(removeOrg('organization'), permanent, date());
      const statuses: number[] = [];

      // Act
      for (const org of ['org3', 'organization2']) {
        now += 40 * MINUTE;
        statuses.push((await sendSigned(sim, removeOrg(org), permanent, date())).status);
      }
      const stale = await sendRaw(sim, signedAtStart);

      // Assess
      expect(statuses).toEqual([200, 200]);
      expect(stale.status).toBe(401);
      expect(stale.body.error_msg).toContain('x-sdk-date is more than 15 minutes away');
    });
  });

  describe('refusals by the API gateway: 401 APIGW.0301', () => {
    it('answers a bad signature with the canonical request it computed, and no secret', async () => {
      // Prepare
      const put = removeOrg();

      // Act
      const res = await sendSigned(sim, put, { ...temporary, secret: 'wrong' }, date());

      // Assess
      expect(res.status).toBe(401);
      expect(res.body.error_code).toBe('APIGW.0301');
      expect(res.body.request_id).toBe(res.headers.get('x-request-id'));
      const message = String(res.body.error_msg);
      expect(message).toMatch(
        /^Incorrect IAM authentication information: verify aksk signature fail, CanonicalRequest:PUT\n\/v2\//,
      );
      expect(message).toContain(`/orgs/quit/\n\ncontent-type:application/json;charset=UTF-8\n`);
      expect(message).toContain('x-security-token:***');
      expect(message.length).toBeLessThanOrEqual(512);
      expect(message).not.toContain(temporary.secret);
      expect(message).not.toContain(demo.temporaryAccessKey.securityToken);
      expect(sim.requests.at(-1)?.aksk).toMatchObject({
        verified: false,
        refusal: 'verify aksk signature fail',
      });
      expect(sim.operations()).toHaveLength(0);
    });

    it('answers a body changed after signing with a signature failure', async () => {
      // Prepare
      const signed = signedRaw(removeOrg('org3'), permanent, date());
      const tampered = {
        ...signed,
        body: Buffer.from(signed.body.toString().replace('org3', 'org4')),
      };

      // Act
      const res = await sendRaw(sim, tampered);

      // Assess
      expect(res.status).toBe(401);
      expect(res.body.error_msg).toContain('verify aksk signature fail');
      expect(sim.requests.at(-1)?.aksk?.canonicalRequest?.split('\n').at(-1)).not.toBe(
        signed.canonicalRequest.split('\n').at(-1),
      );
    });

    it.each([
      ['an unknown AK', () => ({ access: 'NOSUCHKEY', secret: 'x' }), 'ak NOSUCHKEY not exist'],
      [
        'a temporary key without its security token',
        () => ({ access: temporary.access, secret: temporary.secret }),
        'x-security-token not found',
      ],
      [
        'a temporary key with a wrong security token',
        () => ({ ...temporary, securityToken: 'gQwrong' }),
        'verify security token fail',
      ],
      [
        'a permanent key with a security token',
        () => ({ ...permanent, securityToken: demo.temporaryAccessKey.securityToken }),
        'verify security token fail',
      ],
    ])('refuses %s', async (_, key, reason) => {
      // Prepare
      const put = removeOrg();

      // Act
      const res = await sendSigned(sim, put, key(), date());

      // Assess
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        error_code: 'APIGW.0301',
        error_msg: `Incorrect IAM authentication information: ${reason}`,
        request_id: res.headers.get('x-request-id'),
      });
      expect(sim.operations()).toHaveLength(0);
    });

    it.each([
      ['16 minutes old', -16, 'x-sdk-date is more than 15 minutes away from the server time'],
      ['16 minutes ahead', 16, 'x-sdk-date is more than 15 minutes away from the server time'],
    ])('refuses an X-Sdk-Date %s', async (_, minutes, reason) => {
      // Prepare
      const signedAt = sdkDate(now + minutes * MINUTE);

      // Act
      const res = await sendSigned(sim, removeOrg(), permanent, signedAt);

      // Assess
      expect(res.status).toBe(401);
      expect(res.body.error_msg).toBe(`Incorrect IAM authentication information: ${reason}`);
    });

    it.each([
      [
        'without X-Sdk-Date',
        (headers: Record<string, string>) => {
          delete headers['X-Sdk-Date'];
        },
        'x-sdk-date not found',
      ],
      [
        'with X-Sdk-Date left out of SignedHeaders',
        (headers: Record<string, string>) => {
          headers.Authorization = String(headers.Authorization).replace(';x-sdk-date', '');
        },
        'x-sdk-date not signed',
      ],
      [
        'with an X-Sdk-Date in another format',
        (headers: Record<string, string>) => {
          headers['X-Sdk-Date'] = new Date(START).toISOString();
        },
        'x-sdk-date is not a UTC time of the form YYYYMMDDTHHMMSSZ',
      ],
      [
        'with X-Security-Token left out of SignedHeaders',
        (headers: Record<string, string>) => {
          headers.Authorization = String(headers.Authorization).replace(';x-security-token', '');
        },
        'x-security-token not signed',
      ],
      [
        'with another authorization scheme',
        (headers: Record<string, string>) => {
          headers.Authorization = 'Bearer abc';
        },
        'the Authorization header is not SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<names>, Signature=<hex>',
      ],
    ])('refuses a request %s', async (_, tamper, reason) => {
      // Prepare
      const signed = signedRaw(removeOrg(), temporary, date());
      tamper(signed.headers);

      // Act
      const res = await sendRaw(sim, signed);

      // Assess
      expect(res.status).toBe(401);
      expect(res.body.error_code).toBe('APIGW.0301');
      expect(res.body.error_msg).toBe(`Incorrect IAM authentication information: ${reason}`);
    });

    it('keeps error_msg within 512 characters however long the canonical request', async () => {
      // Prepare
      const put = sdkRequest(sim, 'PUT', removeOrgsSegments('c'.repeat(600)), {
        body: { org_names: ['org3'] },
      });

      // Act
      const res = await sendSigned(sim, put, wrongSecret, date());

      // Assess
      expect(res.status).toBe(401);
      expect(String(res.body.error_msg)).toHaveLength(512);
      expect(String(res.body.error_msg).endsWith('...')).toBe(true);
      expect(sim.requests.at(-1)?.aksk?.canonicalRequest).toContain('c'.repeat(600));
    });
  });

  describe('refusals by BCS: 403 BCS.4030403', () => {
    it.each([
      ["an X-Project-Id other than the path's", demo.accessKey, demo.otherProjectId],
      ['a key of another account', inviter.accessKey, demo.projectId],
    ])('refuses %s', async (_, key, projectId) => {
      // Prepare
      const put = sdkRequest(sim, 'PUT', removeOrgsSegments(), {
        body: { org_names: ['org3'] },
        projectId,
      });

      // Act
      const res = await sendSigned(sim, put, key, date());

      // Assess
      expect(res.status).toBe(403);
      expect(res.body).toEqual({
        error_code: 'BCS.4030403',
        error_msg: `forbidden to project ${demo.projectId}`,
      });
      expect(sim.requests.at(-1)?.aksk?.verified).toBe(true);
      expect(sim.operations()).toHaveLength(0);
    });
  });

  describe('the lockout after five bad signatures in a row', () => {
    const badSignatures = async (count: number) => {
      for (let i = 0; i < count; i += 1) {
        const res = await sendSigned(sim, removeOrg(), wrongSecret, date());
        expect(res.body.error_msg).toContain('verify aksk signature fail');
      }
    };

    it('locks the key: even a correct signature is refused', async () => {
      // Prepare
      await badSignatures(5);

      // Act
      const res = await sendSigned(sim, removeOrg(), permanent, date());

      // Assess
      expect(res.status).toBe(401);
      expect(res.body.error_msg).toBe(
        'Incorrect IAM authentication information: AK access failed to reach the limit,forbidden.',
      );
      expect(sim.operations()).toHaveLength(0);
    });

    it('lifts the lock five minutes later', async () => {
      // Prepare
      await badSignatures(5);
      now += 5 * MINUTE - 1000;
      const stillLocked = await sendSigned(sim, removeOrg(), permanent, date());
      now += 1000;

      // Act
      const res = await sendSigned(sim, removeOrg(), permanent, date());

      // Assess
      expect(stillLocked.status).toBe(401);
      expect(res.status).toBe(200);
    });

    it('starts the count again after a good signature', async () => {
      // Prepare
      await badSignatures(4);
      await sendSigned(sim, removeOrg('org3'), permanent, date());
      await badSignatures(4);

      // Act
      const res = await sendSigned(sim, removeOrg('organization2'), permanent, date());

      // Assess
      expect(res.status).toBe(200);
    });

    it('locks one key only', async () => {
      // Prepare
      await badSignatures(5);

      // Act
      const res = await sendSigned(sim, removeOrg(), temporary, date());

      // Assess
      expect(res.status).toBe(200);
    });

    it('is lifted by resetLockouts()', async () => {
      // Prepare
      await badSignatures(5);

      // Act
      sim.resetLockouts();

      // Assess
      expect((await sendSigned(sim, removeOrg(), permanent, date())).status).toBe(200);
    });
  });

  describe('access keys added at run time', () => {
    it('signs with a key added by addAccessKey(), until reset()', async () => {
      // Prepare
      const key = { access: 'ADDEDKEY', secret: 'added-secret' };
      sim.addAccessKey({ ...key, userId: demo.userId });
      const first = await sendSigned(sim, removeOrg(), key, date());

      // Act
      sim.reset();
      const afterReset = await sendSigned(sim, removeOrg(), key, date());

      // Assess
      expect(first.status).toBe(200);
      expect(afterReset.body.error_msg).toContain('ak ADDEDKEY not exist');
    });

    it('refuses a key with an AK already known or for an unknown user', () => {
      // Prepare
      const add = (key: Parameters<Simulator['addAccessKey']>[0]) => () => sim.addAccessKey(key);

      // Act
      const attempts = [
        add({ access: permanent.access, secret: 'x' }),
        add({ access: 'FRESH', secret: 'x', userId: 'nobody' }),
      ];

      // Assess
      expect(attempts[0]).toThrow(TypeError);
      expect(attempts[1]).toThrow(TypeError);
    });
  });

  it('answers a request with neither token nor signature as before: x-auth-token not found', async () => {
    // Prepare
    const unsigned = sdkRequest(sim, 'PUT', removeOrgsSegments(), {
      body: { org_names: ['org3'] },
    });

    // Act
    const res = await sendRaw(sim, {
      method: 'PUT',
      path: `/${unsigned.segments.join('/')}`,
      headers: unsigned.headers ?? {},
      body: Buffer.from(String(unsigned.body)),
    });

    // Assess
    expect(res.status).toBe(401);
    expect(res.body.error_msg).toBe(
      'Incorrect IAM authentication information: x-auth-token not found',
    );
    expect(sim.requests.at(-1)?.aksk).toBeUndefined();
  });
});
