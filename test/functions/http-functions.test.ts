import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultSeed, type Simulator, startSimulator } from '../../simulator/index.ts';
import { loadBundle, simulatorEnv } from '../helpers/bundles.ts';
import { closedPort } from '../helpers/closed-port.ts';
import {
  iamAuthorizer,
  jwtAuthorizer,
  quitConsortiumBody,
  quitConsortiumEvent,
  removeChannelOrgsEvent,
} from '../helpers/events.ts';
import { lambdaContext } from '../helpers/lambda-context.ts';
import { takeLogs } from '../helpers/log-capture.ts';

const { demo } = defaultSeed;
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.stop();
});
beforeEach(() => {
  sim.reset();
  takeLogs();
});

const bcsRequests = () => sim.requests.filter((request) => request.service === 'bcs');
const errorOf = (response: { body: string }) =>
  JSON.parse(response.body) as { error_code: string; error_msg: string };

describe('http-quit-consortium', () => {
  it('quits the consortium and answers BCS status and body as BCS sent them', async () => {
    // Prepare
    const handler = await loadBundle('http-quit-consortium', simulatorEnv(sim));

    // Act
    const response = await handler(quitConsortiumEvent(), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(response.body)).toEqual({
      result: 'success',
      operation_id: expect.stringMatching(/^BCSSVC01-03-\d{19}$/),
    });
    const [put] = bcsRequests();
    expect(put?.method).toBe('PUT');
    expect(put?.path).toBe(`/v2/${demo.projectId}/members/quit`);
    expect(JSON.parse(put?.body ?? '')).toEqual(quitConsortiumBody());
    expect(sim.operations()).toHaveLength(1);
  });

  it('passes the BCS error of a second, identical quit through unchanged', async () => {
    // Prepare
    const handler = await loadBundle('http-quit-consortium', simulatorEnv(sim));
    await handler(quitConsortiumEvent(), lambdaContext());

    // Act
    const response = await handler(quitConsortiumEvent(), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).error_code).toBe('BCS.4006003');
  });
});

describe('http-remove-channel-orgs', () => {
  it('removes the organizations and answers the operation id', async () => {
    // Prepare
    const handler = await loadBundle('http-remove-channel-orgs', simulatorEnv(sim));

    // Act
    const response = await handler(
      removeChannelOrgsEvent({ body: { org_names: ['organization2', 'org3'] } }),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      operation_id: expect.stringMatching(/^BCSSVC01-06-\d{19}$/),
    });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    const [put] = bcsRequests();
    expect(put?.path).toBe(
      `/v2/${demo.projectId}/blockchains/${demo.blockchainId}/channel/orgs/quit`,
    );
    expect(put?.body).toBe('{"org_names":["organization2","org3"]}');
    expect(put?.headers['content-type']).toBe('application/json;charset=UTF-8');
  });

  it('percent-encodes every path segment it sends', async () => {
    // Prepare
    const handler = await loadBundle('http-remove-channel-orgs', simulatorEnv(sim));

    // Act
    const response = await handler(removeChannelOrgsEvent({ channel: "it's" }), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(400);
    expect(bcsRequests()[0]?.path).toBe(
      `/v2/${demo.projectId}/blockchains/${demo.blockchainId}/it%27s/orgs/quit`,
    );
  });

  it('passes BCS refusing an unknown organization through unchanged', async () => {
    // Prepare
    const handler = await loadBundle('http-remove-channel-orgs', simulatorEnv(sim));

    // Act
    const response = await handler(
      removeChannelOrgsEvent({ body: { org_names: ['org3', 'no-such-org'] } }),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual({
      error_code: 'BCS.4001051',
      error_msg: 'Input org no-such-org is not exist',
    });
  });

  it('reads a base64-encoded body, as API Gateway may send it', async () => {
    // Prepare
    const handler = await loadBundle('http-remove-channel-orgs', simulatorEnv(sim));

    // Act
    const response = await handler(
      removeChannelOrgsEvent({ isBase64Encoded: true }),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(bcsRequests()[0]?.body).toBe('{"org_names":["org3"]}');
  });
});

describe('token retrieval', () => {
  it('signs in once and reuses the token for later invocations of the container', async () => {
    // Prepare
    const handler = await loadBundle('http-remove-channel-orgs', simulatorEnv(sim));

    // Act
    await handler(removeChannelOrgsEvent({ body: { org_names: ['org3'] } }), lambdaContext());
    await handler(
      removeChannelOrgsEvent({ body: { org_names: ['organization'] } }),
      lambdaContext(),
    );

    // Assess
    expect(sim.signInCount()).toBe(1);
    const [first, second] = bcsRequests();
    expect(second?.headers['x-auth-token']).toBe(first?.headers['x-auth-token']);
  });

  it('signs in exactly once for 50 concurrent cold invocations of one project', async () => {
    // Prepare
    const handler = await loadBundle('http-quit-consortium', simulatorEnv(sim));
    sim.inject({ service: 'iam', mode: 'delay', delayMs: 100 });

    // Act
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => handler(quitConsortiumEvent(), lambdaContext())),
    );

    // Assess
    expect(sim.signInCount()).toBe(1);
    expect(responses.filter((response) => response.statusCode === 200)).toHaveLength(1);
    expect(new Set(bcsRequests().map((request) => request.headers['x-auth-token'])).size).toBe(1);
  });

  it('sends the IAM sign-in Huawei documents, scoped to the path project', async () => {
    // Prepare
    const handler = await loadBundle('http-quit-consortium', simulatorEnv(sim));

    // Act
    await handler(quitConsortiumEvent(), lambdaContext());

    // Assess
    const [signIn] = sim.requests.filter((request) => request.service === 'iam');
    expect(signIn?.method).toBe('POST');
    expect(signIn?.path).toBe('/v3/auth/tokens?nocatalog=true');
    expect(signIn?.headers['content-type']).toBe('application/json;charset=utf8');
    expect(JSON.parse(signIn?.body ?? '')).toEqual({
      auth: {
        identity: {
          methods: ['password'],
          password: {
            user: {
              name: demo.userName,
              password: demo.password,
              domain: { name: demo.domainName },
            },
          },
        },
        scope: { project: { id: demo.projectId } },
      },
    });
  });

  it('signs in again and retries once when BCS refuses a token that died early', async () => {
    // Prepare
    const handler = await loadBundle('http-remove-channel-orgs', simulatorEnv(sim));
    await handler(removeChannelOrgsEvent({ body: { org_names: ['org3'] } }), lambdaContext());
    sim.expireTokens();

    // Act
    const response = await handler(
      removeChannelOrgsEvent({ body: { org_names: ['organization'] } }),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(sim.signInCount()).toBe(2);
    expect(bcsRequests()).toHaveLength(3);
  });

  it('passes a second 401 through instead of retrying again', async () => {
    // Prepare
    const handler = await loadBundle('http-remove-channel-orgs', simulatorEnv(sim));
    sim.inject({ service: 'bcs', mode: 'status', status: 401, times: 2 });

    // Act
    const response = await handler(removeChannelOrgsEvent(), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).error_code).toBe('BCS.4010401');
    expect(bcsRequests()).toHaveLength(2);
    expect(sim.signInCount()).toBe(2);
  });

  it("proxies a caller's own X-Auth-Token untouched and never signs in", async () => {
    // Prepare
    const signIn = await fetch(`${sim.url}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: {
              user: {
                name: demo.userName,
                password: demo.password,
                domain: { name: demo.domainName },
              },
            },
          },
          scope: { project: { id: demo.projectId } },
        },
      }),
    });
    const token = signIn.headers.get('x-subject-token') ?? '';
    const handler = await loadBundle('http-remove-channel-orgs', simulatorEnv(sim));

    // Act
    const response = await handler(
      removeChannelOrgsEvent({
        headers: { 'content-type': 'application/json', 'X-Auth-Token': token },
      }),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(sim.signInCount()).toBe(1);
    expect(bcsRequests()[0]?.headers['x-auth-token']).toBe(token);
  });

  it("answers 502 BCSGW.5020001 with IAM's reason, never the password, when IAM refuses", async () => {
    // Prepare
    const handler = await loadBundle(
      'http-quit-consortium',
      simulatorEnv(sim, { HUAWEICLOUD_PASSWORD: 'Wrong-Passw0rd!' }),
    );

    // Act
    const response = await handler(quitConsortiumEvent(), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(502);
    expect(errorOf(response).error_code).toBe('BCSGW.5020001');
    expect(errorOf(response).error_msg).toContain('The username or password is wrong');
    expect(response.body).not.toContain('Wrong-Passw0rd!');
    expect(takeLogs().raw.join('\n')).not.toContain('Wrong-Passw0rd!');
    expect(bcsRequests()).toHaveLength(0);
  });
});

describe('BCS errors', () => {
  it.each([
    [400, 'BCS.4006014', 'Invalid Parameter quotasType : ecs'],
    [401, 'BCS.4010401', 'Incorrect token or token resolution failed'],
    [403, 'BCS.4030403', 'No permissions to request this method'],
    [404, 'BCS.4040404', 'Not Found:the url is not found'],
    [500, 'BCS.5000500', 'Internal Server Error'],
  ])(
    'passes a BCS %i through with its status, code and message unchanged',
    async (status, code, message) => {
      // Prepare
      const body = JSON.stringify({ error_code: code, error_msg: message });
      sim.inject({ service: 'bcs', mode: 'status', status, body, times: Number.POSITIVE_INFINITY });
      const handler = await loadBundle('http-remove-channel-orgs', simulatorEnv(sim));

      // Act
      const response = await handler(removeChannelOrgsEvent(), lambdaContext());

      // Assess
      expect(response.statusCode).toBe(status);
      expect(response.body).toBe(body);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
    },
  );

  it('passes an API gateway error of Huawei through with its request_id', async () => {
    // Prepare
    const body = JSON.stringify({
      error_code: 'APIGW.0101',
      error_msg: 'The API does not exist or has not been published in the environment',
      request_id: '1f2e3d4c5b6a79881f2e3d4c5b6a7988',
    });
    sim.inject({ service: 'bcs', mode: 'status', status: 404, body });
    const handler = await loadBundle('http-remove-channel-orgs', simulatorEnv(sim));

    // Act
    const response = await handler(removeChannelOrgsEvent(), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(404);
    expect(response.body).toBe(body);
  });
});

describe('upstream faults', () => {
  it('answers 504 BCSGW.5040001 well before Lambda would end a call to a hanging BCS', async () => {
    // Prepare
    sim.inject({ service: 'bcs', mode: 'hang' });
    const handler = await loadBundle('http-remove-channel-orgs', simulatorEnv(sim));
    const context = lambdaContext({ remainingMs: 2000 });

    // Act
    const response = await handler(removeChannelOrgsEvent(), context);

    // Assess
    expect(response.statusCode).toBe(504);
    expect(errorOf(response).error_code).toBe('BCSGW.5040001');
    expect(errorOf(response).error_msg).toContain('operation records');
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(500);
  });

  it('answers 504 BCSGW.5040002 when IAM does not answer in the time left', async () => {
    // Prepare
    sim.inject({ service: 'iam', mode: 'hang' });
    const handler = await loadBundle('http-quit-consortium', simulatorEnv(sim));
    const context = lambdaContext({ remainingMs: 2000 });

    // Act
    const response = await handler(quitConsortiumEvent(), context);

    // Assess
    expect(response.statusCode).toBe(504);
    expect(errorOf(response).error_code).toBe('BCSGW.5040002');
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(500);
    expect(bcsRequests()).toHaveLength(0);
  });

  it('answers 502 BCSGW.5020002 and does not resend a PUT whose connection was reset', async () => {
    // Prepare
    sim.inject({ service: 'bcs', mode: 'reset' });
    const handler = await loadBundle('http-remove-channel-orgs', simulatorEnv(sim));

    // Act
    const response = await handler(removeChannelOrgsEvent(), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(502);
    expect(errorOf(response).error_code).toBe('BCSGW.5020002');
    expect(bcsRequests()).toHaveLength(1);
  });

  it.each([200, 502])(
    'answers 502 BCSGW.5020003 when BCS answers %i with an HTML page',
    async (status) => {
      // Prepare
      sim.inject({ service: 'bcs', mode: 'garbage', status });
      const handler = await loadBundle('http-remove-channel-orgs', simulatorEnv(sim));

      // Act
      const response = await handler(removeChannelOrgsEvent(), lambdaContext());

      // Assess
      expect(response.statusCode).toBe(502);
      expect(errorOf(response).error_code).toBe('BCSGW.5020003');
    },
  );

  it('answers 502 BCSGW.5020002 when nothing listens at the BCS endpoint', async () => {
    // Prepare
    const handler = await loadBundle(
      'http-remove-channel-orgs',
      simulatorEnv(sim, { BCS_ENDPOINT: `http://127.0.0.1:${await closedPort()}` }),
    );

    // Act
    const response = await handler(removeChannelOrgsEvent(), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(502);
    expect(errorOf(response)).toEqual({
      error_code: 'BCSGW.5020002',
      error_msg: 'BCS could not be reached (ECONNREFUSED)',
    });
  });
});

describe('refusals before anything is sent', () => {
  it('refuses a project outside ALLOWED_PROJECT_IDS with 403 BCSGW.4030001', async () => {
    // Prepare
    const handler = await loadBundle(
      'http-quit-consortium',
      simulatorEnv(sim, { ALLOWED_PROJECT_IDS: `${demo.otherProjectId}, another` }),
    );

    // Act
    const response = await handler(quitConsortiumEvent(), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).error_code).toBe('BCSGW.4030001');
    expect(sim.requests).toHaveLength(0);
  });

  it('answers 401 BCSGW.4010001 when there is neither a caller token nor credentials', async () => {
    // Prepare
    const handler = await loadBundle(
      'http-quit-consortium',
      simulatorEnv(sim, {
        HUAWEICLOUD_DOMAIN_NAME: undefined,
        HUAWEICLOUD_USER_NAME: undefined,
        HUAWEICLOUD_PASSWORD: undefined,
      }),
    );

    // Act
    const response = await handler(quitConsortiumEvent(), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).error_code).toBe('BCSGW.4010001');
    expect(sim.requests).toHaveLength(0);
  });

  it('names every offending field at once and sends nothing', async () => {
    // Prepare
    const handler = await loadBundle('http-quit-consortium', simulatorEnv(sim));
    const body = quitConsortiumBody({ inviter_bcsid: '', channel_name: 7, extra: true });
    delete (body as Record<string, unknown>).invitee_domainid;

    // Act
    const response = await handler(
      quitConsortiumEvent({ projectId: 'a/../b', body }),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(400);
    const { error_code, error_msg } = errorOf(response);
    expect(error_code).toBe('BCSGW.4000001');
    for (const field of [
      'path.project_id',
      'body.inviter_bcsid',
      'body.channel_name',
      'body.invitee_domainid',
      'body.extra',
    ]) {
      expect(error_msg).toContain(field);
    }
    expect(sim.requests).toHaveLength(0);
  });

  it.each([
    [
      'malformed JSON',
      { body: '{"org_names": [', headers: { 'content-type': 'application/json' } },
      400,
      'BCSGW.4000002',
    ],
    [
      'a forbidden __proto__ key',
      { body: '{"__proto__": {"x": 1}, "org_names": ["a"]}' },
      400,
      'BCSGW.4000002',
    ],
    ['no body', { body: undefined }, 400, 'BCSGW.4000002'],
    ['a JSON array', { body: '[]' }, 400, 'BCSGW.4000001'],
    [
      'a form body',
      { body: 'org_names=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      415,
      'BCSGW.4150001',
    ],
    ['no content type', { body: '{"org_names":["a"]}', headers: {} }, 415, 'BCSGW.4150001'],
    ['a body over 64 KiB', { body: { org_names: ['x'.repeat(70_000)] } }, 413, 'BCSGW.4130001'],
  ])('refuses %s with the normalized error and sends nothing', async (_, options, status, code) => {
    // Prepare
    const handler = await loadBundle('http-remove-channel-orgs', simulatorEnv(sim));

    const event = removeChannelOrgsEvent(options);
    if ('body' in options && options.body === undefined) delete event.body;

    // Act
    const response = await handler(event, lambdaContext());

    // Assess
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toBe('application/json');
    expect(errorOf(response).error_code).toBe(code);
    expect(sim.requests).toHaveLength(0);
  });

  it('answers 500 BCSGW.5000002 naming the variable when the endpoint is not https', async () => {
    // Prepare
    const handler = await loadBundle(
      'http-quit-consortium',
      simulatorEnv(sim, { BCS_ENDPOINT: 'http://bcs.example.com' }),
    );

    // Act
    const response = await handler(quitConsortiumEvent(), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(500);
    expect(errorOf(response)).toEqual({
      error_code: 'BCSGW.5000002',
      error_msg:
        'Configuration error: BCS_ENDPOINT must be an https URL (plain http only on loopback)',
    });
  });
});

describe('logs', () => {
  it('logs one structured line per invocation, with the operation id and no token', async () => {
    // Prepare
    const handler = await loadBundle('http-remove-channel-orgs', simulatorEnv(sim));

    // Act
    await handler(removeChannelOrgsEvent(), lambdaContext());

    // Assess
    const { lines, raw } = takeLogs();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      operation: 'remove-channel-orgs',
      status: 200,
      operation_id: expect.stringMatching(/^BCSSVC01-06-/),
    });
    const token = bcsRequests()[0]?.headers['x-auth-token'] ?? '';
    expect(token.length).toBeGreaterThan(100);
    expect(raw.join('\n')).not.toContain(token.slice(0, 40));
    expect(raw.join('\n')).not.toContain(demo.password);
  });

  it('names the IAM principal who removed which organizations from which channel, and both request ids', async () => {
    // Prepare
    const handler = await loadBundle('http-remove-channel-orgs', simulatorEnv(sim));
    const event = removeChannelOrgsEvent({ body: { org_names: ['org3', 'organization2'] } });
    const context = lambdaContext();

    // Act
    await handler(event, context);

    // Assess
    const { lines, raw } = takeLogs();
    expect(lines).toEqual([
      expect.objectContaining({
        message: 'bcs answered',
        who: {
          type: 'iam',
          id: 'arn:aws:iam::210987654321:user/alice',
          account: '210987654321',
          principal: 'AIDAJQABLZS4A3QDU576Q',
        },
        operation: 'remove-channel-orgs',
        target: {
          project_id: demo.projectId,
          blockchain_id: demo.blockchainId,
          channel_id: 'channel',
          org_names: ['org3', 'organization2'],
        },
        status: 200,
        operation_id: sim.operations()[0]?.operation_id,
        api_request_id: event.requestContext.requestId,
        aws_request_id: context.awsRequestId,
      }),
    ]);
    expect(raw.join('\n')).not.toContain(iamAuthorizer.iam.accessKey);
  });

  it("names a JWT caller by the token's subject and issuer", async () => {
    // Prepare
    const handler = await loadBundle('http-quit-consortium', simulatorEnv(sim));
    const event = quitConsortiumEvent({ authorizer: jwtAuthorizer });

    // Act
    await handler(event, lambdaContext());

    // Assess
    const [line] = takeLogs().lines;
    expect(line).toMatchObject({
      message: 'bcs answered',
      who: {
        type: 'jwt',
        id: 'b7f3a1c2-0d4e-4f5a-8b6c-7d8e9f0a1b2c',
        issuer: 'https://issuer.example.com',
      },
      operation: 'quit-consortium',
      target: { project_id: demo.projectId, ...quitConsortiumBody() },
      status: 200,
      api_request_id: event.requestContext.requestId,
    });
  });

  it('names who was refused, and what they asked for, on the failure line', async () => {
    // Prepare
    const handler = await loadBundle(
      'http-remove-channel-orgs',
      simulatorEnv(sim, { ALLOWED_PROJECT_IDS: demo.otherProjectId }),
    );
    const event = removeChannelOrgsEvent();

    // Act
    await handler(event, lambdaContext());

    // Assess
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: 'request failed',
        who: expect.objectContaining({ type: 'iam', id: iamAuthorizer.iam.userArn }),
        target: expect.objectContaining({ channel_id: 'channel', org_names: ['org3'] }),
        status: 403,
        error_code: 'BCSGW.4030001',
        api_request_id: event.requestContext.requestId,
      }),
    ]);
  });

  it('logs nothing of an invalid input but its faults, with who sent it', async () => {
    // Prepare
    const handler = await loadBundle('http-remove-channel-orgs', simulatorEnv(sim));
    const event = removeChannelOrgsEvent({
      body: { org_names: ['org3'], note: 'planted-value-never-logged' },
    });

    // Act
    await handler(event, lambdaContext());

    // Assess
    const { lines, raw } = takeLogs();
    expect(lines).toEqual([
      expect.objectContaining({
        message: 'request failed',
        who: expect.objectContaining({ id: iamAuthorizer.iam.userArn }),
        error_code: 'BCSGW.4000001',
      }),
    ]);
    expect(lines[0]).not.toHaveProperty('target');
    expect(raw.join('\n')).not.toContain('planted-value-never-logged');
  });
});
