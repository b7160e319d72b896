import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultSeed, type Simulator, startSimulator } from '../../simulator/index.ts';
import { sdkDate } from '../helpers/sdk-hmac-sha256.ts';
import {
  bcs,
  demo,
  orgsQuitPath,
  postSignIn,
  quitBody,
  quitPath,
  removeOrgsSegments,
  sdkRequest,
  sendSigned,
  signIn,
  signInBody,
} from './helpers.ts';

function control(sim: Simulator, method: string, name: string, body?: unknown) {
  return fetch(`${sim.url}/__simulator/${name}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('the simulator API and its HTTP control API', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it('listens on an ephemeral loopback port by default', () => {
    // Prepare
    const { url } = sim;

    // Act
    const port = Number(new URL(url).port);

    // Assess
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(port).toBeGreaterThan(0);
  });

  it('records every request: service, method, raw path, lowercase headers, body', async () => {
    // Prepare
    const token = await signIn(sim);
    const path = orgsQuitPath(demo.projectId, demo.blockchainId, 'a b');

    // Act
    await bcs(sim, 'PUT', path, { token, body: { org_names: ['org3'] } });

    // Assess
    expect(sim.requests).toHaveLength(2);
    const [signInRequest, put] = sim.requests;
    expect(signInRequest).toMatchObject({ service: 'iam', method: 'POST', body: signInBody() });
    expect(put).toMatchObject({
      service: 'bcs',
      method: 'PUT',
      path: `/v2/${demo.projectId}/blockchains/${demo.blockchainId}/a%20b/orgs/quit`,
      body: '{"org_names":["org3"]}',
    });
    expect(put?.headers['x-auth-token']).toBe(token);
    expect(put?.headers['content-type']).toBe('application/json;charset=UTF-8');
  });

  it('reset() restores the seed and clears requests, faults, tokens and counters', async () => {
    // Prepare
    const token = await signIn(sim);
    await bcs(sim, 'PUT', quitPath, { token, body: quitBody() });
    sim.inject({ service: 'iam', mode: 'hang', times: Number.POSITIVE_INFINITY });

    // Act
    sim.reset();

    // Assess
    expect(sim.requests).toHaveLength(0);
    expect(sim.signInCount()).toBe(0);
    expect(sim.operations()).toHaveLength(0);
    expect(
      (await bcs(sim, 'GET', `/v2/${demo.projectId}/operation/record`, { token })).status,
    ).toBe(401);
    const fresh = await signIn(sim);
    expect((await bcs(sim, 'PUT', quitPath, { token: fresh, body: quitBody() })).status).toBe(200);
  });

  it('lists every token it issued, expired ones too, until reset()', async () => {
    // Prepare
    const first = await signIn(sim);
    sim.expireTokens();
    const second = await signIn(sim);

    // Act
    const issued = [...sim.issuedTokens()];
    sim.reset();

    // Assess
    expect(issued).toEqual([first, second]);
    expect(sim.issuedTokens()).toEqual([]);
  });

  it('keeps the state of two simulators apart and never touches defaultSeed', async () => {
    // Prepare
    const other = await startSimulator();
    const token = await signIn(sim);

    // Act
    await bcs(sim, 'PUT', orgsQuitPath(), { token, body: { org_names: ['org3'] } });
    const inOther = await bcs(other, 'PUT', orgsQuitPath(), {
      token: await signIn(other),
      body: { org_names: ['org3'] },
    });

    // Assess
    expect(inOther.status).toBe(200);
    expect(defaultSeed.blockchains[1]?.channels[0]?.orgs).toEqual([
      'organization',
      'organization2',
      'org3',
      'org4',
      'org5',
    ]);
    expect(Object.isFrozen(defaultSeed.blockchains)).toBe(true);
    await other.stop();
  });

  it('POST /__simulator/faults queues a fault; times null means every request', async () => {
    // Prepare
    const fault = { service: 'iam', mode: 'status', status: 503, times: null };

    // Act
    const res = await control(sim, 'POST', 'faults', fault);

    // Assess
    expect(res.status).toBe(204);
    for (let i = 0; i < 3; i += 1) expect((await postSignIn(sim, signInBody())).status).toBe(503);
  });

  it('POST /__simulator/faults refuses an invalid fault with 400', async () => {
    // Prepare
    const fault = { service: 'bcs', mode: 'status' };

    // Act
    const res = await control(sim, 'POST', 'faults', fault);

    // Assess
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain('status');
  });

  it('DELETE /__simulator/faults clears the queued faults', async () => {
    // Prepare
    sim.inject({ service: 'iam', mode: 'status', status: 500, times: Number.POSITIVE_INFINITY });

    // Act
    const res = await control(sim, 'DELETE', 'faults');

    // Assess
    expect(res.status).toBe(204);
    expect((await postSignIn(sim, signInBody())).status).toBe(201);
  });

  it('POST /__simulator/expire-tokens expires every issued token', async () => {
    // Prepare
    const token = await signIn(sim);

    // Act
    const res = await control(sim, 'POST', 'expire-tokens');

    // Assess
    expect(res.status).toBe(204);
    const answer = await bcs(sim, 'PUT', orgsQuitPath(), { token, body: { org_names: ['org3'] } });
    expect(answer.status).toBe(401);
    expect(answer.body.error_code).toBe('BCS.4010401');
  });

  it('POST /__simulator/reset resets the simulator', async () => {
    // Prepare
    await signIn(sim);

    // Act
    const res = await control(sim, 'POST', 'reset');

    // Assess
    expect(res.status).toBe(204);
    expect(sim.signInCount()).toBe(0);
    expect(sim.requests).toHaveLength(0);
  });

  it('GET /__simulator/requests and /stats report what was received, leaving themselves out', async () => {
    // Prepare
    await signIn(sim);
    await postSignIn(sim, signInBody({ password: 'wrong' }));

    // Act
    const requests = (await (await control(sim, 'GET', 'requests')).json()) as unknown[];
    const stats = await (await control(sim, 'GET', 'stats')).json();

    // Assess
    expect(requests).toEqual(JSON.parse(JSON.stringify(sim.requests)));
    expect(requests).toHaveLength(2);
    expect(stats).toEqual({ signIns: 2, requests: 2, akskVerified: 0, akskRefused: 0 });
  });

  it('GET /__simulator/stats counts the AK/SK-signed requests verified and refused', async () => {
    // Prepare
    const put = sdkRequest(sim, 'PUT', removeOrgsSegments(), { body: { org_names: ['org3'] } });
    await sendSigned(sim, put, demo.accessKey, sdkDate(Date.now()));
    await sendSigned(sim, put, { ...demo.accessKey, secret: 'wrong' }, sdkDate(Date.now()));
    await bcs(sim, 'PUT', orgsQuitPath(), {
      token: await signIn(sim),
      body: { org_names: ['org3'] },
    });

    // Act
    const stats = await (await control(sim, 'GET', 'stats')).json();

    // Assess
    expect(stats).toEqual({ signIns: 1, requests: 4, akskVerified: 1, akskRefused: 1 });
    expect(sim.akskVerifiedCount()).toBe(1);
  });

  it('POST /__simulator/access-keys adds a key the gateway then accepts', async () => {
    // Prepare
    const key = { access: 'CONTROLADDEDKEY', secret: 'control-secret', securityToken: 'gQtoken' };
    const put = sdkRequest(sim, 'PUT', removeOrgsSegments(), { body: { org_names: ['org3'] } });

    // Act
    const res = await control(sim, 'POST', 'access-keys', { ...key, userId: demo.userId });

    // Assess
    expect(res.status).toBe(204);
    expect((await sendSigned(sim, put, key, sdkDate(Date.now()))).status).toBe(200);
  });

  it.each([
    ['an invalid key', { access: 'A B', secret: 'x' }, 'access'],
    ['an AK already known', { access: demo.accessKey.access, secret: 'x' }, 'exists already'],
    ['an unknown user', { access: 'NEWKEY', secret: 'x', userId: 'nobody' }, 'no user'],
  ])('POST /__simulator/access-keys refuses %s with 400', async (_, key, problem) => {
    // Prepare
    const body = key;

    // Act
    const res = await control(sim, 'POST', 'access-keys', body);

    // Assess
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain(problem);
  });

  it('POST /__simulator/reset-lockouts lifts a lockout', async () => {
    // Prepare
    const put = sdkRequest(sim, 'PUT', removeOrgsSegments(), { body: { org_names: ['org3'] } });
    for (let i = 0; i < 5; i += 1) {
      await sendSigned(sim, put, { ...demo.accessKey, secret: 'wrong' }, sdkDate(Date.now()));
    }
    const locked = await sendSigned(sim, put, demo.accessKey, sdkDate(Date.now()));

    // Act
    const res = await control(sim, 'POST', 'reset-lockouts');

    // Assess
    expect(res.status).toBe(204);
    expect(locked.status).toBe(401);
    expect((await sendSigned(sim, put, demo.accessKey, sdkDate(Date.now()))).status).toBe(200);
  });

  it('GET /__simulator/operations lists the operation records', async () => {
    // Prepare
    const token = await signIn(sim);
    const done = await bcs(sim, 'PUT', orgsQuitPath(), { token, body: { org_names: ['org3'] } });

    // Act
    const operations = (await (await control(sim, 'GET', 'operations')).json()) as unknown[];

    // Assess
    expect(operations).toEqual([expect.objectContaining({ operation_id: done.body.operation_id })]);
  });

  it('answers an unknown control endpoint with 404', async () => {
    // Prepare
    const name = 'explode';

    // Act
    const res = await control(sim, 'POST', name);

    // Assess
    expect(res.status).toBe(404);
  });
});
