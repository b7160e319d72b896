import { describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.ts';
import {
  bcs,
  orgsQuitPath,
  postSignIn,
  quitBody,
  quitPath,
  signIn,
  signInBody,
  useSignedInSimulator,
} from './helpers.ts';

function removeOrg(sim: Simulator, token: string, org = 'org3', signal?: AbortSignal) {
  return fetch(sim.url + orgsQuitPath(), {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', 'X-Auth-Token': token },
    body: JSON.stringify({ org_names: [org] }),
    ...(signal === undefined ? {} : { signal }),
  });
}

describe('fault injection', () => {
  let sim: Simulator;
  let token: string;
  useSignedInSimulator((started, signedIn) => {
    sim = started;
    token = signedIn;
  });

  it('delay: answers normally after delayMs, the operation applied', async () => {
    // Prepare
    sim.inject({ service: 'bcs', mode: 'delay', delayMs: 150 });
    const started = performance.now();

    // Act
    const res = await removeOrg(sim, token);

    // Assess
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.status).toBe(200);
    expect(sim.operations()).toHaveLength(1);
  });

  it('hang: never answers, a client AbortSignal ends the wait, and nothing is applied', async () => {
    // Prepare
    sim.inject({ service: 'bcs', mode: 'hang' });

    // Act
    const attempt = removeOrg(sim, token, 'org3', AbortSignal.timeout(100));

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(sim.operations()).toHaveLength(0);
    expect(sim.requests.at(-1)?.path).toBe(orgsQuitPath());
  });

  it('hang: stop() still returns promptly and the hanging client sees the connection end', async () => {
    // Prepare
    const doomed = await startSimulator();
    const doomedToken = await signIn(doomed);
    doomed.inject({ service: 'bcs', mode: 'hang', times: Number.POSITIVE_INFINITY });
    const hanging = removeOrg(doomed, doomedToken).catch((error: unknown) => error);
    await waitFor(() => doomed.requests.length === 2);
    const started = performance.now();

    // Act
    await doomed.stop();

    // Assess
    expect(performance.now() - started).toBeLessThan(500);
    expect(await hanging).toBeInstanceOf(TypeError);
  });

  it('reset: destroys the socket so fetch rejects with ECONNRESET, nothing applied', async () => {
    // Prepare
    sim.inject({ service: 'bcs', mode: 'reset' });

    // Act
    const error = await removeOrg(sim, token).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TypeError);
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('ECONNRESET');
    expect(sim.operations()).toHaveLength(0);
  });

  it('status: answers a BCS-shaped error for that status by default, nothing applied', async () => {
    // Prepare
    sim.inject({ service: 'bcs', mode: 'status', status: 503 });

    // Act
    const res = await bcs(sim, 'PUT', orgsQuitPath(), { token, body: { org_names: ['org3'] } });

    // Assess
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ error_code: 'BCS.5030503', error_msg: 'Service Unavailable' });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(sim.operations()).toHaveLength(0);
  });

  it('status: answers the given body and headers', async () => {
    // Prepare
    const body = '{"error_code":"BCS.4001020","error_msg":"service busy, try later"}';
    sim.inject({
      service: 'bcs',
      mode: 'status',
      status: 400,
      body,
      headers: { 'Retry-After': '3' },
    });

    // Act
    const res = await bcs(sim, 'PUT', orgsQuitPath(), { token, body: { org_names: ['org3'] } });

    // Assess
    expect(res.status).toBe(400);
    expect(res.body).toEqual(JSON.parse(body));
    expect(res.headers.get('retry-after')).toBe('3');
  });

  it('status: on IAM answers an IAM-shaped error and counts the sign-in', async () => {
    // Prepare
    sim.reset();
    sim.inject({ service: 'iam', mode: 'status', status: 500 });

    // Act
    const res = await postSignIn(sim, signInBody());

    // Assess
    expect(res.status).toBe(500);
    expect(res.headers.get('x-subject-token')).toBeNull();
    expect(await res.json()).toEqual({
      error: { code: 500, message: 'Internal Server Error', title: 'Internal Server Error' },
    });
    expect(sim.signInCount()).toBe(1);
  });

  it('garbage: answers an HTML page with status 200 by default, nothing applied', async () => {
    // Prepare
    sim.inject({ service: 'bcs', mode: 'garbage' });

    // Act
    const res = await removeOrg(sim, token);

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html');
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(text).toContain('<html>');
    expect(sim.operations()).toHaveLength(0);
  });

  it('garbage: answers with the given status', async () => {
    // Prepare
    sim.inject({ service: 'iam', mode: 'garbage', status: 502 });

    // Act
    const res = await postSignIn(sim, signInBody());

    // Assess
    expect(res.status).toBe(502);
    expect(await res.text()).toContain('502 Bad Gateway');
  });

  it('applies a fault to `times` matching requests, then answers normally', async () => {
    // Prepare
    sim.inject({ service: 'bcs', mode: 'status', status: 500, times: 2 });

    // Act
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await removeOrg(sim, token)).status);

    // Assess
    expect(statuses).toEqual([500, 500, 200]);
  });

  it('applies a fault with times Infinity until clearFaults()', async () => {
    // Prepare
    sim.inject({ service: 'iam', mode: 'status', status: 429, times: Number.POSITIVE_INFINITY });
    const faulted = [];
    for (let i = 0; i < 4; i += 1) faulted.push((await postSignIn(sim, signInBody())).status);

    // Act
    sim.clearFaults();
    const after = await postSignIn(sim, signInBody());

    // Assess
    expect(faulted).toEqual([429, 429, 429, 429]);
    expect(after.status).toBe(201);
  });

  it('applies a fault only to its service and to paths containing `match`', async () => {
    // Prepare
    sim.inject({ service: 'bcs', mode: 'status', status: 502, match: '/members/quit' });

    // Act
    const signInStatus = (await postSignIn(sim, signInBody())).status;
    const orgsStatus = (await removeOrg(sim, token)).status;
    const quitStatus = (await bcs(sim, 'PUT', quitPath, { token, body: quitBody() })).status;

    // Assess
    expect(signInStatus).toBe(201);
    expect(orgsStatus).toBe(200);
    expect(quitStatus).toBe(502);
  });

  it('applies the first matching fault in injection order', async () => {
    // Prepare
    sim.inject({ service: 'bcs', mode: 'status', status: 501 });
    sim.inject({ service: 'bcs', mode: 'status', status: 502 });

    // Act
    const first = (await removeOrg(sim, token)).status;
    const second = (await removeOrg(sim, token)).status;

    // Assess
    expect([first, second]).toEqual([501, 502]);
  });

  it('records faulted requests like any other', async () => {
    // Prepare
    sim.inject({ service: 'bcs', mode: 'status', status: 503 });

    // Act
    await removeOrg(sim, token);

    // Assess
    expect(sim.requests.map((r) => [r.service, r.method, r.path])).toEqual([
      ['iam', 'POST', '/v3/auth/tokens?nocatalog=true'],
      ['bcs', 'PUT', orgsQuitPath()],
    ]);
  });

  it.each([
    ['an unknown mode', { service: 'bcs', mode: 'explode' }],
    ['an unknown service', { service: 'ecs', mode: 'hang' }],
    ['zero times', { service: 'bcs', mode: 'hang', times: 0 }],
    ['a status out of range', { service: 'bcs', mode: 'status', status: 99 }],
    ['a negative delay', { service: 'bcs', mode: 'delay', delayMs: -1 }],
  ])('refuses to inject %s', (_, fault) => {
    // Prepare
    const invalid = fault as never;

    // Act
    const act = () => sim.inject(invalid);

    // Assess
    expect(act).toThrow(TypeError);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
