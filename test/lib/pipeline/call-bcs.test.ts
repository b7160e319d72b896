import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allowedProjectIds, configFrom } from '../../../lib/config/config.ts';
import { readUpstreamConfig, type UpstreamConfig } from '../../../lib/config/upstream-config.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';
import type { Operation, RawOperationInput } from '../../../lib/operations/operation.ts';
import { quitConsortium } from '../../../lib/operations/quit-consortium.ts';
import { removeChannelOrgs } from '../../../lib/operations/remove-channel-orgs.ts';
import { admitRequest, type OperationInput } from '../../../lib/pipeline/admit-request.ts';
import { type BcsCallerOptions, createBcsCaller } from '../../../lib/pipeline/call-bcs.ts';
import {
  defaultSeed,
  exampleRequests,
  type Simulator,
  startSimulator,
} from '../../../simulator/index.ts';
import { callerToken } from '../../helpers/caller-token.ts';

const { demo } = defaultSeed;

/** The BCS settings of `env`, with its ALLOWED_PROJECT_IDS. */
const readConfig = (env: NodeJS.ProcessEnv) => ({
  ...readUpstreamConfig(env),
  allowedProjectIds: allowedProjectIds(configFrom(env)),
});

/**
 * The pipeline's first steps as every caller runs them: `admitRequest` (validate once, the
 * allowed project), then `createBcsCaller` (authenticate, call BCS).
 */
const createOffboardService = (
  config: UpstreamConfig & { allowedProjectIds?: ReadonlySet<string> | undefined },
  options?: BcsCallerOptions,
) => {
  const callBcs = createBcsCaller(() => config, options);
  return {
    run: async <I extends OperationInput>(
      operation: Operation<I>,
      raw: RawOperationInput,
      signal: AbortSignal,
    ) => callBcs(admitRequest(operation, raw, config.allowedProjectIds), signal),
  };
};
type OffboardService = ReturnType<typeof createOffboardService>;

/** The environment of a deployment wired to the simulator, with the demo service account. */
const simulatorEnv = (sim: Simulator, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  BCS_ENDPOINT: sim.url,
  IAM_ENDPOINT: sim.url,
  HUAWEICLOUD_DOMAIN_NAME: demo.domainName,
  HUAWEICLOUD_USER_NAME: demo.userName,
  HUAWEICLOUD_PASSWORD: demo.password,
  ...extra,
});

/** The demo service account's password credentials. */
const demoCredentials = () => ({
  domainName: demo.domainName,
  userName: demo.userName,
  password: demo.password,
});

/** A raw remove-channel-orgs input for the demo channel, parts replaced as given. */
const removeOrgs = (parts: { body?: unknown; token?: string } = {}) => ({
  path: {
    project_id: demo.projectId,
    blockchain_id: demo.blockchainId,
    channel_id: demo.channelName,
  },
  body: parts.body ?? { org_names: ['organization'] },
  ...(parts.token === undefined ? {} : { 'X-Auth-Token': parts.token }),
});

const deadline = () => AbortSignal.timeout(10_000);

/** What the run threw; fails the test when it did not throw a GatewayError. */
const rejection = async (promise: Promise<unknown>): Promise<GatewayError> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error('the run did not throw');
};

describe('Offboard service (against the BCS + IAM simulator)', () => {
  let sim: Simulator;
  let service: OffboardService;

  const bcsRequests = () => sim.requests.filter((request) => request.service === 'bcs');

  beforeAll(async () => {
    sim = await startSimulator();
  });

  afterAll(async () => {
    await sim.stop();
  });

  beforeEach(() => {
    sim.reset();
    service = createOffboardService(readConfig(simulatorEnv(sim)));
  });

  describe('before anything is sent', () => {
    it('sends nothing upstream for an input that fails validation', async () => {
      // Prepare
      const raw = removeOrgs({ body: { org_names: [], extra: true } });

      // Act
      const error = await rejection(service.run(removeChannelOrgs, raw, deadline()));

      // Assess
      expect(error.errorCode).toBe('BCSGW.4000001');
      expect(sim.requests).toHaveLength(0);
    });

    it('refuses a project outside ALLOWED_PROJECT_IDS with BCSGW.4030001 and sends nothing', async () => {
      // Prepare
      const env = simulatorEnv(sim, { ALLOWED_PROJECT_IDS: demo.otherProjectId });
      const restricted = createOffboardService(readConfig(env));

      // Act
      const error = await rejection(restricted.run(removeChannelOrgs, removeOrgs(), deadline()));

      // Assess
      expect(error.errorCode).toBe('BCSGW.4030001');
      expect(error.statusCode).toBe(403);
      expect(error.message).toContain(demo.projectId);
      expect(sim.requests).toHaveLength(0);
    });

    it("refuses a caller's own token for a project outside ALLOWED_PROJECT_IDS too, sending nothing", async () => {
      // Prepare
      const env = simulatorEnv(sim, { ALLOWED_PROJECT_IDS: demo.otherProjectId });
      const restricted = createOffboardService(readConfig(env));

      // Act
      const error = await rejection(
        restricted.run(removeChannelOrgs, removeOrgs({ token: 'MIIcaller' }), deadline()),
      );

      // Assess
      expect(error.errorCode).toBe('BCSGW.4030001');
      expect(sim.requests).toHaveLength(0);
    });

    it('answers BCSGW.4010001 and sends nothing when there is neither a token nor credentials', async () => {
      // Prepare
      const anonymous = createOffboardService(
        readConfig({ BCS_ENDPOINT: sim.url, IAM_ENDPOINT: sim.url }),
      );

      // Act
      const error = await rejection(anonymous.run(removeChannelOrgs, removeOrgs(), deadline()));

      // Assess
      expect(error.errorCode).toBe('BCSGW.4010001');
      expect(error.statusCode).toBe(401);
      expect(error.message).toBe(
        'Send an X-Auth-Token: this deployment has no service credentials configured',
      );
      expect(sim.requests).toHaveLength(0);
    });

    it('refuses with a 400, sending nothing, a caller token that cannot travel as a header', async () => {
      // Prepare
      const raw = removeOrgs({ token: 'MIItoken€' });

      // Act
      const error = await rejection(service.run(removeChannelOrgs, raw, deadline()));

      // Assess
      expect(error.statusCode).toBe(400);
      expect(sim.requests).toHaveLength(0);
    });
  });

  describe("the caller's own token", () => {
    it('is sent untouched, and no sign-in happens', async () => {
      // Prepare
      const token = await callerToken(sim);
      const signInsBefore = sim.signInCount();

      // Act
      const response = await service.run(removeChannelOrgs, removeOrgs({ token }), deadline());

      // Assess
      expect(response.status).toBe(200);
      expect(sim.signInCount()).toBe(signInsBefore);
      expect(bcsRequests()).toHaveLength(1);
      expect(bcsRequests()[0]?.headers['x-auth-token']).toBe(token);
    });

    it("passes BCS's 401 for it through, with no sign-in and no retry", async () => {
      // Prepare
      const raw = removeOrgs({ token: 'MIInot-a-token-bcs-knows' });

      // Act
      const response = await service.run(removeChannelOrgs, raw, deadline());

      // Assess
      expect(response.status).toBe(401);
      expect(response.json.error_code).toBe('BCS.4010401');
      expect(sim.signInCount()).toBe(0);
      expect(bcsRequests()).toHaveLength(1);
    });
  });

  describe('the service token', () => {
    it('signs in once, then proxies the call and answers BCS as BCS answered', async () => {
      // Prepare
      const { body } = exampleRequests.quitConsortium;
      const raw = { path: { project_id: demo.projectId }, body };

      // Act
      const response = await service.run(quitConsortium, raw, deadline());

      // Assess
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ result: 'success' });
      expect(response.json.operation_id).toMatch(/^BCSSVC01-03-\d{19}$/);
      expect(sim.signInCount()).toBe(1);
      expect(bcsRequests()).toHaveLength(1);
    });

    it('reuses the cached token for the next call', async () => {
      // Prepare
      await service.run(removeChannelOrgs, removeOrgs(), deadline());

      // Act
      const response = await service.run(
        removeChannelOrgs,
        removeOrgs({ body: { org_names: ['org3'] } }),
        deadline(),
      );

      // Assess
      expect(response.status).toBe(200);
      expect(sim.signInCount()).toBe(1);
      expect(bcsRequests()[1]?.headers['x-auth-token']).toBe(
        bcsRequests()[0]?.headers['x-auth-token'],
      );
    });

    it('signs in once for 50 concurrent cold calls of one project', async () => {
      // Prepare
      const raws = Array.from({ length: 50 }, () => removeOrgs());

      // Act
      const responses = await Promise.all(
        raws.map((raw) => service.run(removeChannelOrgs, raw, deadline())),
      );

      // Assess
      expect(sim.signInCount()).toBe(1);
      expect(responses).toHaveLength(50);
    });

    it('after a 401 from BCS, signs in again once and retries exactly once', async () => {
      // Prepare
      await service.run(removeChannelOrgs, removeOrgs(), deadline());
      sim.expireTokens();
      const before = { signIns: sim.signInCount(), bcs: bcsRequests().length };

      // Act
      const response = await service.run(
        removeChannelOrgs,
        removeOrgs({ body: { org_names: ['org3'] } }),
        deadline(),
      );

      // Assess
      expect(response.status).toBe(200);
      expect(sim.signInCount() - before.signIns).toBe(1);
      const sent = bcsRequests().slice(before.bcs);
      expect(sent).toHaveLength(2);
      expect(sent[1]?.headers['x-auth-token']).not.toBe(sent[0]?.headers['x-auth-token']);
      expect(sent[1]?.body).toBe(sent[0]?.body);
      expect(response.tokenRenewed).toBe(true);
    });

    it('passes a second 401 through as BCS sent it, without a third try', async () => {
      // Prepare
      sim.inject({ service: 'bcs', mode: 'status', status: 401, times: 2 });

      // Act
      const response = await service.run(removeChannelOrgs, removeOrgs(), deadline());

      // Assess
      expect(response.status).toBe(401);
      expect(response.json).toEqual({
        error_code: 'BCS.4010401',
        error_msg: 'Incorrect token or token resolution failed',
      });
      expect(sim.signInCount()).toBe(2);
      expect(bcsRequests()).toHaveLength(2);
    });

    it('does not retry after a BCS error other than 401', async () => {
      // Prepare
      sim.inject({ service: 'bcs', mode: 'status', status: 403 });

      // Act
      const response = await service.run(removeChannelOrgs, removeOrgs(), deadline());

      // Assess
      expect(response.status).toBe(403);
      expect(bcsRequests()).toHaveLength(1);
      expect(sim.signInCount()).toBe(1);
    });

    it('answers BCSGW.5020001 when IAM refuses the credentials, and calls BCS not at all', async () => {
      // Prepare
      const env = simulatorEnv(sim, { HUAWEICLOUD_PASSWORD: 'wrong-Passw0rd!' });
      const refused = createOffboardService(readConfig(env));

      // Act
      const error = await rejection(refused.run(removeChannelOrgs, removeOrgs(), deadline()));

      // Assess
      expect(error.errorCode).toBe('BCSGW.5020001');
      expect(error.message).not.toContain('wrong-Passw0rd!');
      expect(bcsRequests()).toHaveLength(0);
    });

    it('reads the credentials again after IAM refuses them with 401, so a rotated password is used', async () => {
      // Prepare: a source that keeps what it read until told to forget it, as the secret
      // source does; the password is rotated after the first read
      let stored = { ...demoCredentials(), password: 'rotated-away-Passw0rd!' };
      let cached: typeof stored | undefined;
      const config = readConfig(simulatorEnv(sim));
      const rotating = createOffboardService({
        ...config,
        credentials: {
          get: async () => {
            cached ??= stored;
            return cached;
          },
          invalidate: () => {
            cached = undefined;
          },
        },
      });
      const refused = await rejection(rotating.run(removeChannelOrgs, removeOrgs(), deadline()));
      stored = demoCredentials();

      // Act
      const response = await rotating.run(removeChannelOrgs, removeOrgs(), deadline());

      // Assess
      expect(refused.errorCode).toBe('BCSGW.5020001');
      expect(response.status).toBe(200);
      expect(sim.signInCount()).toBe(2);
    });

    it('answers 403 BCSGW.4030002 for a project IAM will not scope a token to, keeping the credentials', async () => {
      // Prepare: found by test/functions/hostile-input.test.ts (it answered 502 BCSGW.5020001,
      // and made every such request read the credentials secret again)
      let invalidations = 0;
      const config = readConfig(simulatorEnv(sim));
      const counted = createOffboardService({
        ...config,
        credentials: {
          get: (signal) => config.credentials.get(signal),
          invalidate: () => {
            invalidations += 1;
          },
        },
      });
      const input = {
        ...removeOrgs(),
        path: { ...removeOrgs().path, project_id: 'no-such-project' },
      };

      // Act
      const error = await rejection(counted.run(removeChannelOrgs, input, deadline()));

      // Assess
      expect(error).toMatchObject({ statusCode: 403, errorCode: 'BCSGW.4030002' });
      expect(error.message).toContain('no-such-project');
      expect(invalidations).toBe(0);
      expect(bcsRequests()).toHaveLength(0);
    });

    it('answers BCSGW.5040002 at its own deadline when IAM hangs, and calls BCS not at all', async () => {
      // Prepare
      sim.inject({ service: 'iam', mode: 'hang' });
      const startedAt = performance.now();

      // Act
      const error = await rejection(
        service.run(removeChannelOrgs, removeOrgs(), AbortSignal.timeout(300)),
      );

      // Assess
      expect(error.errorCode).toBe('BCSGW.5040002');
      expect(error.message).toBe(
        'Signing in to IAM took longer than the time left to this invocation',
      );
      expect(performance.now() - startedAt).toBeLessThan(5000);
      expect(bcsRequests()).toHaveLength(0);
    });

    it('passes on what the credentials source threw before the deadline, as it is', async () => {
      // Prepare: only an abort of the deadline is a sign-in timeout
      const broken = new TypeError('the credentials source is broken');
      const config = readConfig(simulatorEnv(sim));
      const failing = createOffboardService({
        ...config,
        credentials: { get: () => Promise.reject(broken), invalidate: () => undefined },
      });

      // Act
      const thrown = await failing
        .run(removeChannelOrgs, removeOrgs(), deadline())
        .catch((error: unknown) => error);

      // Assess
      expect(thrown).toBe(broken);
      expect(sim.requests).toHaveLength(0);
    });

    it('sends every call, to IAM and to BCS, through the fetch it is given', async () => {
      // Prepare
      const sent: string[] = [];
      const countingFetch: typeof fetch = (input, init) => {
        sent.push(String(input));
        return fetch(input, init);
      };
      const counted = createOffboardService(readConfig(simulatorEnv(sim)), {
        fetch: countingFetch,
      });

      // Act
      await counted.run(removeChannelOrgs, removeOrgs(), deadline());

      // Assess
      expect(sent).toHaveLength(2);
      expect(sent[0]).toContain('/v3/auth/tokens');
      expect(sent[1]).toContain('/orgs/quit');
    });

    it('says BCSGW.5040002 may be sent again: nothing reached BCS and IAM may recover', async () => {
      // Prepare
      sim.inject({ service: 'iam', mode: 'delay', delayMs: 2000 });

      // Act
      const error = await rejection(
        service.run(removeChannelOrgs, removeOrgs(), AbortSignal.timeout(300)),
      );

      // Assess
      expect(error.errorCode).toBe('BCSGW.5040002');
      expect(error).toMatchObject({ delivery: 'not-sent' });
      expect(bcsRequests()).toHaveLength(0);
    });

    it('answers BCSGW.5040001 at its own deadline when BCS hangs', async () => {
      // Prepare
      sim.inject({ service: 'bcs', mode: 'hang' });

      // Act
      const error = await rejection(
        service.run(removeChannelOrgs, removeOrgs(), AbortSignal.timeout(500)),
      );

      // Assess
      expect(error.errorCode).toBe('BCSGW.5040001');
      expect(bcsRequests()).toHaveLength(1);
    });
  });
});

describe("Offboard service with an access key (against the simulator's AK/SK gateway)", () => {
  let sim: Simulator;
  let now = Date.parse('2026-12-06T09:00:00Z');

  const akskEnv = (key: { access: string; secret: string; securityToken?: string }) => ({
    BCS_ENDPOINT: sim.url,
    IAM_ENDPOINT: sim.url,
    HUAWEICLOUD_SDK_AK: key.access,
    HUAWEICLOUD_SDK_SK: key.secret,
    ...(key.securityToken && { HUAWEICLOUD_SDK_SECURITY_TOKEN: key.securityToken }),
  });
  const bcsRequests = () => sim.requests.filter((request) => request.service === 'bcs');

  beforeAll(async () => {
    sim = await startSimulator({ clock: () => now });
  });

  afterAll(async () => {
    await sim.stop();
  });

  beforeEach(() => {
    sim.reset();
    sim.resetLockouts();
  });

  it('signs the PUT with the access key and makes no IAM call at all', async () => {
    // Prepare
    const service = createOffboardService(readConfig(akskEnv(demo.accessKey)), {
      now: () => new Date(now),
    });

    // Act
    const response = await service.run(removeChannelOrgs, removeOrgs(), deadline());

    // Assess
    expect(response.status).toBe(200);
    expect(sim.signInCount()).toBe(0);
    expect(sim.akskVerifiedCount()).toBe(1);
    const [request] = bcsRequests();
    expect(request?.headers['x-project-id']).toBe(demo.projectId);
    expect(request?.headers['x-auth-token']).toBeUndefined();
  });

  it('keeps the access key it read when BCS accepts the signed request', async () => {
    // Prepare: only a 401 says the key may have been rotated
    let invalidations = 0;
    const config = readConfig(akskEnv(demo.accessKey));
    const service = createOffboardService(
      {
        ...config,
        credentials: {
          get: (signal) => config.credentials.get(signal),
          invalidate: () => {
            invalidations += 1;
          },
        },
      },
      { now: () => new Date(now) },
    );

    // Act
    const response = await service.run(removeChannelOrgs, removeOrgs(), deadline());

    // Assess
    expect(response.status).toBe(200);
    expect(invalidations).toBe(0);
  });

  it('signs with a temporary key and its security token', async () => {
    // Prepare
    const service = createOffboardService(readConfig(akskEnv(demo.temporaryAccessKey)), {
      now: () => new Date(now),
    });
    const raw = {
      path: { project_id: demo.projectId },
      body: exampleRequests.quitConsortium.body,
    };

    // Act
    const response = await service.run(quitConsortium, raw, deadline());

    // Assess
    expect(response.status).toBe(200);
    expect(bcsRequests()[0]?.headers['x-security-token']).toBe(
      demo.temporaryAccessKey.securityToken,
    );
    expect(sim.signInCount()).toBe(0);
  });

  it('passes a 401 through after exactly one attempt, and reads the credentials again next time', async () => {
    // Prepare
    let invalidations = 0;
    const config = readConfig(
      akskEnv({ ...demo.accessKey, secret: 'not-the-secret-key-of-this-ak' }),
    );
    const service = createOffboardService(
      {
        ...config,
        credentials: {
          get: (signal) => config.credentials.get(signal),
          invalidate: () => {
            invalidations += 1;
          },
        },
      },
      { now: () => new Date(now) },
    );

    // Act
    const response = await service.run(removeChannelOrgs, removeOrgs(), deadline());

    // Assess
    expect(response.status).toBe(401);
    expect(response.json.error_code).toBe('APIGW.0301');
    expect(String(response.json.error_msg)).toContain('verify aksk signature fail');
    expect(bcsRequests()).toHaveLength(1);
    expect(sim.signInCount()).toBe(0);
    expect(invalidations).toBe(1);
  });

  it("sends a caller's own X-Auth-Token as it is, unsigned", async () => {
    // Prepare
    const service = createOffboardService(readConfig(akskEnv(demo.accessKey)));
    const token = await callerToken(sim);

    // Act
    const response = await service.run(removeChannelOrgs, removeOrgs({ token }), deadline());

    // Assess
    expect(response.status).toBe(200);
    expect(bcsRequests()).toHaveLength(1);
    const [request] = bcsRequests();
    expect(request?.headers['x-auth-token']).toBe(token);
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.headers['x-sdk-date']).toBeUndefined();
  });

  it('keeps signing with the current date over a long run', async () => {
    // Prepare
    const service = createOffboardService(readConfig(akskEnv(demo.accessKey)), {
      now: () => new Date(now),
    });
    const statuses: number[] = [];

    // Act
    for (let hour = 0; hour < 5; hour += 1) {
      now += 60 * 60_000;
      statuses.push((await service.run(removeChannelOrgs, removeOrgs(), deadline())).status);
      sim.reset();
    }

    // Assess
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });
});
