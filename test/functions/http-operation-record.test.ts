/**
 * The built bundle of `GET /v2/{project_id}/operation/record` (BCS's ListOpRecord), driven with
 * API Gateway HTTP API (payload 2.0) events against the simulator, whose operations finish at
 * once here: the exact request BCS receives, BCS's answer passed through byte for byte, each
 * way of authenticating, and a corpus of bad queries refused with nothing sent anywhere.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { operationRecordQuery } from '../../lib/schemas/list-operation-records.ts';
import { safeParse } from '../../lib/schemas/schema.ts';
import { defaultSeed, type Simulator, startSimulator } from '../../simulator/index.ts';
import { loadBundle, simulatorEnv } from '../helpers/bundles.ts';
import { callerToken } from '../helpers/caller-token.ts';
import { iamAuthorizer, operationRecordEvent, removeChannelOrgsEvent } from '../helpers/events.ts';
import { lambdaContext } from '../helpers/lambda-context.ts';
import { takeLogs } from '../helpers/log-capture.ts';
import { BAD_QUERIES, GOOD_QUERIES } from '../helpers/operation-record-queries.ts';

const { demo } = defaultSeed;
const FUNCTION = 'http-operation-record';
const RECORD_PATH = `/v2/${demo.projectId}/operation/record`;
/** The headers fetch (undici) adds to every request by itself. */
const FETCH_HEADERS = [
  'accept',
  'accept-encoding',
  'accept-language',
  'connection',
  'host',
  'sec-fetch-mode',
  'user-agent',
];

let sim: Simulator;
beforeAll(async () => {
  // Operations finish as soon as they are accepted: every record is complete, with step times.
  sim = await startSimulator({ operationDelaysMs: { processing: 0, finished: 0 } });
});
afterAll(async () => {
  await sim.stop();
});
beforeEach(() => {
  sim.reset();
  mark = 0;
  takeLogs();
});

/** Where the requests of the test's Act begin (its Prepare may have sent some). */
let mark = 0;
const bcsRequests = () => sim.requests.slice(mark).filter((request) => request.service === 'bcs');
const iamRequests = () => sim.requests.slice(mark).filter((request) => request.service === 'iam');
const errorOf = (response: { body: string }) =>
  JSON.parse(response.body) as { error_code: string; error_msg: string };

/**
 * Removes org3 from the demo channel through BCS, and returns the operation id (finished at
 * once). The requests it made are left out of what the test's Act is judged on.
 */
const acceptedOperation = async (): Promise<string> => {
  const handler = await loadBundle('http-remove-channel-orgs', env());
  const response = await handler(removeChannelOrgsEvent(), lambdaContext());
  const { operation_id } = JSON.parse(response.body) as { operation_id: string };
  mark = sim.requests.length;
  return operation_id;
};

/** A token of the caller's own; its sign-in is left out of what the test's Act is judged on. */
const ownToken = async (): Promise<string> => {
  const token = await callerToken(sim);
  mark = sim.requests.length;
  return token;
};

/** The environment of a function that signs in with the demo password. */
const env = (overrides: Record<string, string | undefined> = {}) =>
  simulatorEnv(sim, { HUAWEICLOUD_SDK_AK: undefined, HUAWEICLOUD_SDK_SK: undefined, ...overrides });

/** The environment of a function that signs its BCS requests with the demo access key. */
const accessKeyEnv = () =>
  env({
    HUAWEICLOUD_DOMAIN_NAME: undefined,
    HUAWEICLOUD_USER_NAME: undefined,
    HUAWEICLOUD_PASSWORD: undefined,
    HUAWEICLOUD_SDK_AK: demo.accessKey.access,
    HUAWEICLOUD_SDK_SK: demo.accessKey.secret,
  });

describe('http-operation-record: the request BCS receives', () => {
  it('sends exactly one GET with the query, a token and nothing else, and answers BCS as it answered', async () => {
    // Prepare
    const operationId = await acceptedOperation();
    const handler = await loadBundle(FUNCTION, env());

    // Act
    const response = await handler(
      operationRecordEvent({ rawQueryString: `operation_id=${operationId}` }),
      lambdaContext(),
    );

    // Assess
    const requests = bcsRequests();
    expect(requests).toHaveLength(1);
    const [get] = requests;
    expect(get?.method).toBe('GET');
    expect(get?.path).toBe(`${RECORD_PATH}?operation_id=${operationId}`);
    expect(Object.keys(get?.headers ?? {}).sort()).toEqual(
      [...FETCH_HEADERS, 'x-auth-token'].sort(),
    );
    expect(get?.body).toBe('');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    const answer = JSON.parse(response.body) as {
      count: number;
      operation_records: { operation_id: string; operation_status: string }[];
    };
    expect(answer.count).toBe(1);
    expect(answer.operation_records[0]).toMatchObject({
      operation_id: operationId,
      operation_status: 'finished',
    });
  });

  it.each(GOOD_QUERIES)(
    'sends %s percent-encoded once, in the order given',
    async (_, rawQueryString, __, upstream) => {
      // Prepare
      const handler = await loadBundle(FUNCTION, env());

      // Act
      const response = await handler(operationRecordEvent({ rawQueryString }), lambdaContext());

      // Assess
      expect(response.statusCode).toBe(200);
      expect(bcsRequests().map((request) => `${request.method} ${request.path}`)).toEqual([
        `GET ${RECORD_PATH}${upstream === '' ? '' : `?${upstream}`}`,
      ]);
    },
  );

  it('reads the raw query, not queryStringParameters (which hides a repeat behind a comma)', async () => {
    // Prepare
    const handler = await loadBundle(FUNCTION, env());
    const event = {
      ...operationRecordEvent({ rawQueryString: 'operation_status=failed' }),
      queryStringParameters: { operation_status: 'finished', blockchain_id: 'ignored' },
    };

    // Act
    await handler(event, lambdaContext());

    // Assess
    expect(bcsRequests().map((request) => request.path)).toEqual([
      `${RECORD_PATH}?operation_status=failed`,
    ]);
  });

  it('percent-encodes the project segment as the PUTs do', async () => {
    // Prepare
    const token = await ownToken();
    const handler = await loadBundle(FUNCTION, env());

    // Act
    const response = await handler(
      operationRecordEvent({
        projectId: "it's",
        rawQueryString: 'operation_type=06',
        headers: { 'X-Auth-Token': token },
      }),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(403);
    expect(bcsRequests().map((request) => request.path)).toEqual([
      '/v2/it%27s/operation/record?operation_type=06',
    ]);
  });
});

describe("http-operation-record: BCS's answer, byte for byte", () => {
  it('passes the step times beyond 2^53 through exactly, which JSON.parse would round', async () => {
    // Prepare
    const operationId = await acceptedOperation();
    const [record] = sim.operations();
    const times = Object.values(record?.operation_process ?? {}).flatMap((step) =>
      Object.values(step.sub_steps).flatMap((sub) => [sub.start_time, sub.end_time]),
    );
    const handler = await loadBundle(FUNCTION, env());

    // Act
    const response = await handler(
      operationRecordEvent({ rawQueryString: `operation_id=${operationId}` }),
      lambdaContext(),
    );

    // Assess
    expect(times.length).toBeGreaterThan(0);
    for (const time of times) {
      expect(time).toBeGreaterThan(2n ** 53n);
      expect(BigInt(Number(time))).not.toBe(time);
      expect(response.body).toContain(String(time));
    }
    const written = [...response.body.matchAll(/"(?:start|end)_time":\s*(\d+)/g)].map((m) =>
      BigInt(m[1] ?? ''),
    );
    expect(written).toEqual(times);
  });

  it.each([
    [
      'big integers, odd spacing, key order and escapes',
      '{ "operation_records" : [ {"operation_process":{"Preparation":{"sub_steps":{"s":{"start_time": 1618218591951266001,"end_time":1618218591951266003}}}},"message":["caf\\u00e9 \\"ok\\"", "区块链"] } ],\n"count":1 }',
    ],
    ['a count of 0', '{"count": 0, "operation_records": []}'],
    [
      'an object of any other shape',
      '{"unexpected":[1e400, -0, 0.1000000000000000055511151231257827]}',
    ],
  ])('answers a 200 of %s exactly as sent', async (_, body) => {
    // Prepare
    sim.inject({ service: 'bcs', mode: 'status', status: 200, body });
    const handler = await loadBundle(FUNCTION, env());

    // Act
    const response = await handler(
      operationRecordEvent({ rawQueryString: 'operation_id=x' }),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(Buffer.from(response.body)).toEqual(Buffer.from(body));
  });

  it.each([
    [400, 'BCS.4006001', 'Invalid parameter operation_status'],
    [401, 'BCS.4010401', 'Incorrect token or token resolution failed'],
    [403, 'BCS.4030403', 'No permissions to request this method'],
    [404, 'BCS.4040404', 'Not Found:the url is not found'],
    [500, 'BCS.5000500', 'Internal Server Error'],
  ])(
    'passes a BCS %i through with its status and body unchanged',
    async (status, code, message) => {
      // Prepare
      const body = `{"error_code": "${code}",  "error_msg": "${message}"}`;
      sim.inject({ service: 'bcs', mode: 'status', status, body, times: Number.POSITIVE_INFINITY });
      const handler = await loadBundle(FUNCTION, env());

      // Act
      const response = await handler(
        operationRecordEvent({ rawQueryString: 'operation_id=x' }),
        lambdaContext(),
      );

      // Assess
      expect(response.statusCode).toBe(status);
      expect(response.body).toBe(body);
      expect(response.headers['content-type']).toBe('application/json');
    },
  );

  it('answers count 0 for an operation BCS does not know, as BCS does', async () => {
    // Prepare
    const handler = await loadBundle(FUNCTION, env());

    // Act
    const response = await handler(
      operationRecordEvent({ rawQueryString: 'operation_id=BCSSVC01-06-0000000000000000001' }),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ count: 0, operation_records: [] });
  });

  it.each([
    ['an HTML page', 'garbage'],
    ['a JSON array', 'array'],
  ])(
    'answers 502 BCSGW.5020003 when BCS answers 200 with %s, never saying it may have been applied',
    async (_, kind) => {
      // Prepare
      sim.inject(
        kind === 'garbage'
          ? { service: 'bcs', mode: 'garbage', status: 200 }
          : { service: 'bcs', mode: 'status', status: 200, body: '[{"count":1}]' },
      );
      const handler = await loadBundle(FUNCTION, env());

      // Act
      const response = await handler(operationRecordEvent(), lambdaContext());

      // Assess
      expect(response.statusCode).toBe(502);
      expect(errorOf(response)).toEqual({
        error_code: 'BCSGW.5020003',
        error_msg: 'BCS answered 200 without a JSON object',
      });
    },
  );

  it('answers 504 BCSGW.5040001 for a hanging BCS, without the advice meant for PUTs', async () => {
    // Prepare
    sim.inject({ service: 'bcs', mode: 'hang' });
    const handler = await loadBundle(FUNCTION, env());

    // Act
    const response = await handler(operationRecordEvent(), lambdaContext({ remainingMs: 1500 }));

    // Assess
    expect(response.statusCode).toBe(504);
    expect(errorOf(response)).toEqual({
      error_code: 'BCSGW.5040001',
      error_msg: 'BCS did not answer within the time left to this invocation',
    });
  });
});

describe('http-operation-record: authentication, as the PUTs', () => {
  it("sends the caller's own X-Auth-Token untouched and never signs in", async () => {
    // Prepare
    const token = await ownToken();
    const handler = await loadBundle(FUNCTION, env());

    // Act
    const response = await handler(
      operationRecordEvent({
        rawQueryString: 'operation_status=finished',
        headers: { 'X-Auth-Token': token },
      }),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(iamRequests()).toEqual([]);
    expect(bcsRequests().map((request) => request.headers['x-auth-token'])).toEqual([token]);
  });

  it('signs in with the IAM password once, scoped to the path project, and reuses the token', async () => {
    // Prepare
    const handler = await loadBundle(FUNCTION, env());

    // Act
    await handler(operationRecordEvent({ rawQueryString: 'operation_type=06' }), lambdaContext());
    await handler(operationRecordEvent({ rawQueryString: 'operation_type=03' }), lambdaContext());

    // Assess
    expect(iamRequests()).toHaveLength(1);
    const [signIn] = iamRequests();
    expect(JSON.parse(signIn?.body ?? '').auth.scope).toEqual({ project: { id: demo.projectId } });
    const [first, second] = bcsRequests();
    expect(first?.headers['x-auth-token']).toBeTruthy();
    expect(second?.headers['x-auth-token']).toBe(first?.headers['x-auth-token']);
  });

  it('signs with the access key over the query exactly as sent, without IAM and without a Content-Type', async () => {
    // Prepare
    const operationId = await acceptedOperation();
    const handler = await loadBundle(FUNCTION, accessKeyEnv());
    const rawQueryString = `operation_id=${operationId}&blockchain_id=${demo.blockchainId}&operation_status=finished`;

    // Act
    const response = await handler(operationRecordEvent({ rawQueryString }), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(200);
    expect((JSON.parse(response.body) as { count: number }).count).toBe(1);
    expect(iamRequests()).toEqual([]);
    const [get] = bcsRequests();
    expect(get?.path).toBe(`${RECORD_PATH}?${rawQueryString}`);
    expect(get?.aksk).toMatchObject({ access: demo.accessKey.access, verified: true });
    expect(Object.keys(get?.headers ?? {}).sort()).toEqual(
      [...FETCH_HEADERS, 'authorization', 'x-project-id', 'x-sdk-date'].sort(),
    );
    expect(get?.headers['x-project-id']).toBe(demo.projectId);
  });

  it('signs a query with characters to encode as it sends it', async () => {
    // Prepare
    const handler = await loadBundle(FUNCTION, accessKeyEnv());

    // Act
    const response = await handler(
      operationRecordEvent({ rawQueryString: 'operation_id=a+b(c)%2A&blockchain_id=%E5%8C%BA%2f' }),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    const [get] = bcsRequests();
    expect(get?.path).toBe(
      `${RECORD_PATH}?operation_id=a%20b%28c%29%2A&blockchain_id=%E5%8C%BA%2F`,
    );
    expect(get?.aksk?.verified).toBe(true);
  });
});

describe('http-operation-record: refused with nothing sent', () => {
  it.each(BAD_QUERIES)(
    'refuses %s (%s) with 400 BCSGW.4000001',
    async (_, rawQueryString, field) => {
      // Prepare
      const handler = await loadBundle(FUNCTION, env());

      // Act
      const response = await handler(operationRecordEvent({ rawQueryString }), lambdaContext());

      // Assess
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toBe('application/json');
      expect(Object.keys(JSON.parse(response.body) as object)).toEqual(['error_code', 'error_msg']);
      expect(errorOf(response).error_code).toBe('BCSGW.4000001');
      expect(errorOf(response).error_msg).toContain(`${field}`);
      expect(sim.requests).toHaveLength(0);
    },
  );

  it.each([
    ['empty', ''],
    ['a dot segment', '..'],
    ['with a slash', 'a/b'],
    ['with a percent sign', 'a%2Fb'],
    ['with a space at its end', `${demo.projectId} `],
    ['too long', 'p'.repeat(129)],
  ])('refuses a project_id %s, naming path.project_id', async (_, projectId) => {
    // Prepare
    const handler = await loadBundle(FUNCTION, env());

    // Act
    const response = await handler(
      operationRecordEvent({ projectId, rawQueryString: 'operation_id=x' }),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).error_msg).toMatch(/^Invalid request: path\.project_id: /);
    expect(sim.requests).toHaveLength(0);
  });

  it('refuses a project outside ALLOWED_PROJECT_IDS with 403 BCSGW.4030001', async () => {
    // Prepare
    const handler = await loadBundle(FUNCTION, env({ ALLOWED_PROJECT_IDS: demo.otherProjectId }));

    // Act
    const response = await handler(operationRecordEvent(), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).error_code).toBe('BCSGW.4030001');
    expect(sim.requests).toHaveLength(0);
  });
});

describe('http-operation-record: any query (property)', () => {
  it('sends exactly one GET with the parameters meant, encoded once, or refuses with 400 and sends nothing', async () => {
    // Prepare
    const handler = await loadBundle(FUNCTION, env());
    const piece = fc.oneof(
      fc.constantFrom(
        'operation_id=BCSSVC01-06-1',
        'operation_status=finished',
        'operation_status=done',
        'resource_type=PLUGIN01',
        'operation_type=06',
        'operation_type=6',
        'blockchain_id=a+b%2B%20c',
        'x=1',
        '=',
        '',
      ),
      fc
        .tuple(
          fc.constantFrom('operation_id', 'blockchain_id', 'Operation_id', 'operation%5Fid'),
          fc.string({
            unit: fc.constantFrom(
              'a',
              '%',
              '2',
              '6',
              'F',
              'E9',
              '+',
              '#',
              '=',
              ' ',
              '\u00e9',
              '%0A',
            ),
            maxLength: 6,
          }),
        )
        .map(([name, value]) => `${name}=${value}`),
    );
    const rawQuery = fc.array(piece, { maxLength: 4 }).map((pieces) => pieces.join('&'));

    await fc.assert(
      fc.asyncProperty(rawQuery, async (rawQueryString) => {
        // Act
        mark = sim.requests.length;
        const response = await handler(operationRecordEvent({ rawQueryString }), lambdaContext());

        // Assess
        const parsed = safeParse(operationRecordQuery, rawQueryString);
        const sent = sim.requests.slice(mark);
        if (!parsed.success) {
          expect(response.statusCode).toBe(400);
          expect(errorOf(response).error_code).toBe('BCSGW.4000001');
          expect(sent).toEqual([]);
          return;
        }
        expect(response.statusCode).toBe(200);
        const gets = sent.filter((request) => request.service === 'bcs');
        expect(gets).toHaveLength(1);
        const url = new URL(gets[0]?.path ?? '', sim.url);
        expect(url.pathname).toBe(RECORD_PATH);
        expect([...url.searchParams]).toEqual(Object.entries(parsed.output));
        expect(url.search.slice(1)).toMatch(/^([A-Za-z0-9\-._~%]+=[A-Za-z0-9\-._~%]+(&|$))*$/);
      }),
      { numRuns: 150 },
    );
  });
});

describe('http-operation-record: logs', () => {
  it('logs one line naming who asked for which records, and how BCS answered', async () => {
    // Prepare
    const handler = await loadBundle(FUNCTION, env());
    const event = operationRecordEvent({ rawQueryString: 'operation_id=o1&operation_status=stop' });

    // Act
    await handler(event, lambdaContext());

    // Assess
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'bcs answered',
        operation: 'list-operation-records',
        status: 200,
        who: expect.objectContaining({ type: 'iam', id: iamAuthorizer.iam.userArn }),
        target: { project_id: demo.projectId, operation_id: 'o1', operation_status: 'stop' },
        api_request_id: event.requestContext.requestId,
      }),
    ]);
  });

  it('logs a refused query without its values, with who sent it', async () => {
    // Prepare
    const handler = await loadBundle(FUNCTION, env());

    // Act
    await handler(
      operationRecordEvent({ rawQueryString: 'operation_id=planted-value&x=1' }),
      lambdaContext(),
    );

    // Assess
    const { lines, raw } = takeLogs();
    expect(lines).toEqual([
      expect.objectContaining({
        message: 'request failed',
        error_code: 'BCSGW.4000001',
        who: expect.objectContaining({ id: iamAuthorizer.iam.userArn }),
      }),
    ]);
    expect(lines[0]).not.toHaveProperty('target');
    expect(raw.join('\n')).not.toContain('planted-value');
  });
});
