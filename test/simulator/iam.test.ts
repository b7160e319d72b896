import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.ts';
import { bcs, demo, inviter, postSignIn, removeOrgsPath, signIn, signInBody } from './helpers.ts';

const HUAWEI_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const TTL_MS = 60 * 60 * 1000;

describe('IAM sign-in (POST /v3/auth/tokens)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ tokenTtlMs: TTL_MS });
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it('answers 201 with a several-KB token in X-Subject-Token and a request id', async () => {
    // Prepare
    const body = signInBody();

    // Act
    const res = await postSignIn(sim, body);

    // Assess
    expect(res.status).toBe(201);
    const token = res.headers.get('x-subject-token') ?? '';
    expect(token).toMatch(/^MII[A-Za-z0-9+/=]+$/);
    expect(token.length).toBeGreaterThan(3000);
    expect(token.length).toBeLessThan(6000);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
  });

  it('describes the token with Huawei times (six fractional digits) that honour the ttl', async () => {
    // Prepare
    const before = Date.now();

    // Act
    const res = await postSignIn(sim, signInBody());

    // Assess
    const { token } = (await res.json()) as { token: Record<string, unknown> };
    expect(token.expires_at).toMatch(HUAWEI_TIME);
    expect(token.issued_at).toMatch(HUAWEI_TIME);
    const issued = Date.parse(token.issued_at as string);
    expect(issued).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(token.expires_at as string) - issued).toBe(TTL_MS);
    expect(token.methods).toEqual(['password']);
    expect(token.project).toEqual({
      id: demo.projectId,
      name: demo.projectName,
      domain: { id: demo.domainId, name: demo.domainName },
    });
    expect(token.user).toEqual({
      id: demo.userId,
      name: demo.userName,
      domain: { id: demo.domainId, name: demo.domainName },
      password_expires_at: '',
    });
    expect(token).not.toHaveProperty('catalog');
  });

  it('defaults the token lifetime to 24 hours', async () => {
    // Prepare
    const defaultSim = await startSimulator();

    // Act
    const res = await postSignIn(defaultSim, signInBody());

    // Assess
    const { token } = (await res.json()) as { token: { expires_at: string; issued_at: string } };
    expect(Date.parse(token.expires_at) - Date.parse(token.issued_at)).toBe(24 * 3600 * 1000);
    await defaultSim.stop();
  });

  it('scopes by project name (the region) to the project of that name in the domain', async () => {
    // Prepare
    const body = signInBody({ scope: { project: { name: demo.otherProjectName } } });

    // Act
    const res = await postSignIn(sim, body);

    // Assess
    expect(res.status).toBe(201);
    const { token } = (await res.json()) as { token: { project: { id: string } } };
    expect(token.project.id).toBe(demo.otherProjectId);
  });

  it('issues a new token per sign-in and keeps the older ones valid', async () => {
    // Prepare
    const first = await signIn(sim);

    // Act
    const second = await signIn(sim);

    // Assess
    expect(second).not.toBe(first);
    for (const token of [first, second]) {
      const res = await bcs(sim, 'GET', `/v2/${demo.projectId}/operation/record`, { token });
      expect(res.status).toBe(200);
    }
  });

  it('refuses a wrong password with 401 in the {"error": {...}} shape', async () => {
    // Prepare
    const body = signInBody({ password: 'wrong' });

    // Act
    const res = await postSignIn(sim, body);

    // Assess
    expect(res.status).toBe(401);
    expect(res.headers.get('x-subject-token')).toBeNull();
    expect(await res.json()).toEqual({
      error: { code: 401, message: 'The username or password is wrong.', title: 'Unauthorized' },
    });
  });

  it.each([
    ['an unknown user', { user: 'nobody' }],
    ['a wrong domain', { domain: 'bcs-inviter' }],
    ['an unknown domain', { domain: 'no-such-account' }],
  ])('refuses %s with 401', async (_, options) => {
    // Prepare
    const body = signInBody(options);

    // Act
    const res = await postSignIn(sim, body);

    // Assess
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(401);
  });

  it('refuses a project the domain does not own with 400 IAM.0011', async () => {
    // Prepare
    const body = signInBody({ scope: { project: { id: inviter.projectId } } });

    // Act
    const res = await postSignIn(sim, body);

    // Assess
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error_code: 'IAM.0011',
      error_msg: 'Request body is invalid.',
    });
  });

  it.each([
    ['malformed JSON', '{"auth": '],
    ['a JSON array', '[]'],
    ['no identity', '{"auth": {}}'],
    ['another method', JSON.stringify({ auth: { identity: { methods: ['totp'] } } })],
    ['a user without password', signInBody().replace('"password":"Sim-Passw0rd!",', '')],
    ['a user without domain', signInBody().replace(/,"domain":\{"name":"bcs-demo"\}/, '')],
    ['a scope naming nothing', signInBody({ scope: { project: {} } })],
  ])('refuses %s with 400 in the {"error": {...}} shape', async (_, body) => {
    // Prepare
    const request = body;

    // Act
    const res = await postSignIn(sim, request);

    // Assess
    expect(res.status).toBe(400);
    const answer = (await res.json()) as {
      error: { code: number; title: string; message: string };
    };
    expect(answer.error.code).toBe(400);
    expect(answer.error.title).toBe('Bad Request');
    expect(answer.error.message.length).toBeGreaterThan(2);
  });

  it('refuses a non-JSON content type with 400', async () => {
    // Prepare
    const body = signInBody();

    // Act
    const res = await postSignIn(sim, body, 'text/plain');

    // Assess
    expect(res.status).toBe(400);
  });

  it.each([
    ['an unscoped token', undefined],
    ['a domain-scoped token', { domain: { name: demo.domainName } }],
  ])('issues %s, which BCS refuses with 403', async (_, scope) => {
    // Prepare
    const res = await postSignIn(sim, signInBody({ scope }));
    const token = res.headers.get('x-subject-token') ?? '';

    // Act
    const answer = await bcs(sim, 'PUT', removeOrgsPath, { token, body: { org_names: ['org3'] } });

    // Assess
    expect(res.status).toBe(201);
    const { token: described } = (await res.json()) as { token: Record<string, unknown> };
    expect(described).not.toHaveProperty('project');
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      error_code: 'BCS.4030403',
      error_msg: `forbidden to project ${demo.projectId}`,
    });
  });

  it('counts every sign-in received, failed ones too', async () => {
    // Prepare
    await signIn(sim);

    // Act
    await postSignIn(sim, signInBody({ password: 'wrong' }));

    // Assess
    expect(sim.signInCount()).toBe(2);
  });
});
