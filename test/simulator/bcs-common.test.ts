import { describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.ts';
import {
  bcs,
  demo,
  OPERATION_ID,
  orgsQuitPath,
  quitBody,
  quitPath,
  signIn,
  useSignedInSimulator,
} from './helpers.ts';

const recordPath = `/v2/${demo.projectId}/operation/record`;

describe('BCS rules common to every /v2 route', () => {
  let sim: Simulator;
  let token: string;
  useSignedInSimulator((started, signedIn) => {
    sim = started;
    token = signedIn;
  });

  it('answers without X-Auth-Token with the API gateway 401 APIGW.0301 and its request_id', async () => {
    // Prepare
    const body = { org_names: ['org3'] };

    // Act
    const res = await bcs(sim, 'PUT', orgsQuitPath(), { body });

    // Assess
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      error_code: 'APIGW.0301',
      error_msg: 'Incorrect IAM authentication information: x-auth-token not found',
      request_id: res.headers.get('x-request-id'),
    });
  });

  it('answers an unknown token with 401 BCS.4010401', async () => {
    // Prepare
    const unknown = `MII${'A'.repeat(4000)}`;

    // Act
    const res = await bcs(sim, 'PUT', orgsQuitPath(), {
      token: unknown,
      body: { org_names: ['org3'] },
    });

    // Assess
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      error_code: 'BCS.4010401',
      error_msg: 'Incorrect token or token resolution failed',
    });
  });

  it('answers 401 BCS.4010401 once expireTokens() has run, and accepts a token issued after it', async () => {
    // Prepare
    sim.expireTokens();

    // Act
    const expired = await bcs(sim, 'GET', recordPath, { token });
    const fresh = await bcs(sim, 'GET', recordPath, { token: await signIn(sim) });

    // Assess
    expect(expired.status).toBe(401);
    expect(expired.body.error_code).toBe('BCS.4010401');
    expect(fresh.status).toBe(200);
  });

  it('answers 401 once a token outlives its ttl', async () => {
    // Prepare
    const shortLived = await startSimulator({ tokenTtlMs: 50 });
    const early = await signIn(shortLived);
    await new Promise((resolve) => setTimeout(resolve, 80));

    // Act
    const res = await bcs(shortLived, 'GET', recordPath, { token: early });

    // Assess
    expect(res.status).toBe(401);
    expect(res.body.error_code).toBe('BCS.4010401');
    await shortLived.stop();
  });

  it("answers 403 BCS.4030403 when the token's project is not the path's project", async () => {
    // Prepare
    const otherProjectToken = await signIn(sim, {
      scope: { project: { id: demo.otherProjectId } },
    });

    // Act
    const res = await bcs(sim, 'PUT', orgsQuitPath(), {
      token: otherProjectToken,
      body: { org_names: ['org3'] },
    });

    // Assess
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      error_code: 'BCS.4030403',
      error_msg: `forbidden to project ${demo.projectId}`,
    });
    expect(sim.operations()).toHaveLength(0);
  });

  it.each([
    ['an unknown path', 'PUT', `/v2/${demo.projectId}/members/leave`],
    ['a wrong method', 'POST', `/v2/${demo.projectId}/members/quit`],
    ['a path outside /v2', 'GET', '/v1/anything'],
    ['an empty segment', 'PUT', `/v2/${demo.projectId}/blockchains//channel/orgs/quit`],
    ['a trailing slash', 'PUT', `/v2/${demo.projectId}/members/quit/`],
    ['an encoded slash joining two segments', 'PUT', `/v2/${demo.projectId}/members%2Fquit`],
  ])('answers %s with 404 BCS.4040404', async (_, method, path) => {
    // Prepare
    const body = method === 'PUT' ? quitBody() : undefined;

    // Act
    const res = await bcs(sim, method, path, { token, body });

    // Assess
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      error_code: 'BCS.4040404',
      error_msg: 'Not Found:the url is not found',
    });
  });

  it('puts a 32-hex X-Request-Id and the JSON content type on every answer', async () => {
    // Prepare
    const calls = [
      bcs(sim, 'PUT', quitPath, { token, body: quitBody() }),
      bcs(sim, 'PUT', quitPath, { body: quitBody() }),
      bcs(sim, 'GET', '/v2/nothing/here', { token }),
      bcs(sim, 'PUT', orgsQuitPath(), { token, body: '{' }),
    ];

    // Act
    const answers = await Promise.all(calls);

    // Assess
    for (const res of answers) {
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
      expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    }
    const ids = new Set(answers.map((res) => res.headers.get('x-request-id')));
    expect(ids.size).toBe(answers.length);
  });

  it('keeps every error_code 8 to 36 characters and error_msg 2 to 512', async () => {
    // Prepare
    const calls = [
      bcs(sim, 'PUT', quitPath, { body: quitBody() }),
      bcs(sim, 'PUT', quitPath, { token: 'x', body: quitBody() }),
      bcs(sim, 'PUT', quitPath, { token, body: quitBody({ channel_name: 'nope' }) }),
      bcs(sim, 'PUT', orgsQuitPath(), { token, body: { org_names: ['ghost'] } }),
      bcs(sim, 'GET', '/nowhere', { token }),
    ];

    // Act
    const answers = await Promise.all(calls);

    // Assess
    for (const { body } of answers) {
      expect(String(body.error_code).length).toBeGreaterThanOrEqual(8);
      expect(String(body.error_code).length).toBeLessThanOrEqual(36);
      expect(String(body.error_msg).length).toBeGreaterThanOrEqual(2);
      expect(String(body.error_msg).length).toBeLessThanOrEqual(512);
    }
  });

  it('hands out unique operation ids with exactly 19 digits after the type', async () => {
    // Prepare
    const orgs = ['organization', 'organization2', 'org3'];

    // Act
    const answers = await Promise.all([
      bcs(sim, 'PUT', quitPath, { token, body: quitBody() }),
      ...orgs.map((org) => bcs(sim, 'PUT', orgsQuitPath(), { token, body: { org_names: [org] } })),
    ]);

    // Assess
    const ids = answers.map((res) => String(res.body.operation_id));
    for (const id of ids) expect(id).toMatch(OPERATION_ID);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('looks an operation record up by operation_id, in Huawei\'s {"count", "operation_records"} shape', async () => {
    // Prepare
    const done = await bcs(sim, 'PUT', orgsQuitPath(), { token, body: { org_names: ['org3'] } });
    const operationId = String(done.body.operation_id);

    // Act
    const res = await bcs(sim, 'GET', `${recordPath}?operation_id=${operationId}`, { token });

    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      count: 1,
      operation_records: [
        expect.objectContaining({
          operation_id: operationId,
          operation_status: 'waiting',
          operation_type: '06',
          resource_type: 'BCSSVC01',
          blockchain_id: demo.blockchainId,
          project_id: demo.projectId,
        }),
      ],
    });
    expect(sim.operations().map((record) => record.operation_id)).toEqual([operationId]);
  });

  it('answers an unknown operation_id with an empty list', async () => {
    // Prepare
    const unknown = 'BCSSVC01-06-0000000000000000000';

    // Act
    const res = await bcs(sim, 'GET', `${recordPath}?operation_id=${unknown}`, { token });

    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ count: 0, operation_records: [] });
  });
});
