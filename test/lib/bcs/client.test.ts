import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBcsClient } from '../../../lib/bcs/client.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';
import {
  type HuaweiAccessKey,
  signHuaweiRequest,
} from '../../../lib/signing/huawei-sdk-hmac-sha256.ts';
import { closedPort } from '../../helpers/closed-port.ts';
import {
  ids,
  QUIT_BODY_FIELDS,
  typedQuitInput,
  typedRemoveOrgsInput,
} from '../../helpers/operation-inputs.ts';
import {
  jsonReply,
  type ReceivedRequest,
  type ScriptedServer,
  startScriptedServer,
} from '../../helpers/scripted-server.ts';

const TOKEN = `MIIZkgYJKoZIhvcNAQcCoIIZgzCCGX8CAQExDTALBglghkgBZQMEAgEw${'Q'.repeat(3000)}=`;
const OPERATION_ID = 'BCSSVC01-06-1624275286218943067';
const REQUEST_ID = '0d6f4a3c2b1e4f8a9c7d5e3b1a2f4c6d';

/** Options of one call: our token and a generous deadline. */
const callOptions = (signal: AbortSignal = AbortSignal.timeout(5000)) => ({ token: TOKEN, signal });

/** What the call threw; fails the test when it did not throw. */
const rejection = async (promise: Promise<unknown>): Promise<GatewayError> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error('the call did not throw');
};

describe('BCS client', () => {
  let server: ScriptedServer;

  beforeEach(async () => {
    server = await startScriptedServer();
  });

  afterEach(async () => {
    await server.stop();
  });

  describe('the request it sends', () => {
    it('sends PUT /v2/{project_id}/members/quit with the JSON content type and our token', async () => {
      // Prepare
      server.enqueue(jsonReply(200, { result: 'success', operation_id: OPERATION_ID }));
      const bcs = createBcsClient({ endpoint: server.url });

      // Act
      await bcs.quitConsortium(typedQuitInput(), callOptions());

      // Assess
      expect(server.requests).toHaveLength(1);
      const [request] = server.requests;
      expect(request?.method).toBe('PUT');
      expect(request?.url).toBe(`/v2/${ids.projectId}/members/quit`);
      expect(request?.headers['content-type']).toBe('application/json;charset=UTF-8');
      expect(request?.headers['x-auth-token']).toBe(TOKEN);
      expect(Object.keys(JSON.parse(request?.body ?? '{}') as object)).toEqual([
        ...QUIT_BODY_FIELDS,
      ]);
    });

    it('sends PUT .../{channel_id}/orgs/quit with exactly the org names', async () => {
      // Prepare
      server.enqueue(jsonReply(200, { operation_id: OPERATION_ID }));
      const bcs = createBcsClient({ endpoint: server.url });

      // Act
      await bcs.removeChannelOrgs(typedRemoveOrgsInput(['org3', 'organization']), callOptions());

      // Assess
      const [request] = server.requests;
      expect(request?.method).toBe('PUT');
      expect(request?.url).toBe(
        `/v2/${ids.projectId}/blockchains/${ids.blockchainId}/channel/orgs/quit`,
      );
      expect(request?.body).toBe('{"org_names":["org3","organization"]}');
      expect(request?.headers['x-auth-token']).toBe(TOKEN);
    });

    it('joins an endpoint with trailing slashes and a base path without doubling a slash', async () => {
      // Prepare
      server.enqueue(jsonReply(200, { operation_id: OPERATION_ID }));
      const bcs = createBcsClient({ endpoint: `${server.url}/bcs-proxy//` });

      // Act
      await bcs.quitConsortium(typedQuitInput(), callOptions());

      // Assess
      expect(server.requests[0]?.url).toBe(`/bcs-proxy/v2/${ids.projectId}/members/quit`);
    });
  });

  describe('signed with an access key (SDK-HMAC-SHA256)', () => {
    const KEY = { ak: 'HPUAEXAMPLEACCESSKEY', sk: 'example-secret-key-0123456789abcdefghij' };
    const at = (iso: string) => () => new Date(iso);

    /** The Authorization a Huawei gateway would compute from exactly what the server received. */
    const recomputed = (received: ReceivedRequest, key: HuaweiAccessKey) => {
      const signed = /SignedHeaders=([^,]+)/.exec(String(received.headers.authorization))?.[1];
      const headers = Object.fromEntries(
        (signed ?? '')
          .split(';')
          .filter((name) => !['host', 'x-sdk-date', 'x-security-token'].includes(name))
          .map((name) => [name, String(received.headers[name])]),
      );
      const sdkDate = String(received.headers['x-sdk-date']);
      const now = new Date(
        sdkDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'),
      );
      return signHuaweiRequest(
        {
          method: received.method,
          url: new URL(received.url, `http://${received.headers.host}`),
          headers,
          body: received.body,
        },
        { key, now },
      ).authorization;
    };

    it('signs the PUT with X-Sdk-Date, Host, X-Project-Id and the content type, and sends no token', async () => {
      // Prepare
      server.enqueue(jsonReply(200, { operation_id: OPERATION_ID }));
      const bcs = createBcsClient({ endpoint: server.url, now: at('2026-12-06T03:04:05.678Z') });

      // Act
      await bcs.removeChannelOrgs(typedRemoveOrgsInput(['org3']), {
        accessKey: KEY,
        signal: AbortSignal.timeout(5000),
      });

      // Assess
      const [request] = server.requests;
      expect(request?.headers['x-sdk-date']).toBe('20261206T030405Z');
      expect(request?.headers['x-project-id']).toBe(ids.projectId);
      expect(request?.headers['content-type']).toBe('application/json;charset=UTF-8');
      expect(request?.headers['x-auth-token']).toBeUndefined();
      expect(request?.headers['x-security-token']).toBeUndefined();
      expect(request?.headers.authorization).toMatch(
        /^SDK-HMAC-SHA256 Access=HPUAEXAMPLEACCESSKEY, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$/,
      );
      expect(request && recomputed(request, KEY)).toBe(request?.headers.authorization);
    });

    it('signs with the time of the call when given no clock', async () => {
      // Prepare
      server.enqueue(jsonReply(200, { operation_id: OPERATION_ID }));
      const bcs = createBcsClient({ endpoint: server.url });

      // Act
      await bcs.removeChannelOrgs(typedRemoveOrgsInput(['org3']), {
        accessKey: KEY,
        signal: AbortSignal.timeout(5000),
      });

      // Assess: the date is the one it signed, in the form Huawei reads
      const [request] = server.requests;
      expect(request?.headers['x-sdk-date']).toMatch(/^\d{8}T\d{6}Z$/);
      expect(request && recomputed(request, KEY)).toBe(request?.headers.authorization);
    });

    it('sends and signs X-Security-Token with a temporary key', async () => {
      // Prepare
      server.enqueue(jsonReply(200, { result: 'success', operation_id: OPERATION_ID }));
      const temporary = { ...KEY, securityToken: 'temporary-security-token-0123456789' };
      const bcs = createBcsClient({ endpoint: server.url, now: at('2026-12-06T03:04:05Z') });

      // Act
      await bcs.quitConsortium(typedQuitInput(), {
        accessKey: temporary,
        signal: AbortSignal.timeout(5000),
      });

      // Assess
      const [request] = server.requests;
      expect(request?.headers['x-security-token']).toBe(temporary.securityToken);
      expect(request?.headers.authorization).toContain(
        'SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token,',
      );
      expect(request && recomputed(request, temporary)).toBe(request?.headers.authorization);
    });

    it('signs a retry afresh, with the time of the retry', async () => {
      // Prepare
      const port = await closedPort();
      let late: ScriptedServer | undefined;
      const times = ['2026-12-06T03:04:05Z', '2026-12-06T03:04:06Z'];
      const fetchThatOpensTheDoor: typeof fetch = async (input, init) => {
        try {
          return await fetch(input, init);
        } catch (error) {
          late ??= await startScriptedServer(() => jsonReply(200, { operation_id: OPERATION_ID }), {
            port,
          });
          throw error;
        }
      };
      const bcs = createBcsClient({
        endpoint: `http://127.0.0.1:${port}`,
        fetch: fetchThatOpensTheDoor,
        now: () => new Date(times.shift() ?? 'invalid'),
      });

      // Act
      const response = await bcs
        .removeChannelOrgs(typedRemoveOrgsInput(['org3']), {
          accessKey: KEY,
          signal: AbortSignal.timeout(5000),
        })
        .finally(() => late?.stop());

      // Assess
      expect(response.status).toBe(200);
      const [request] = late?.requests ?? [];
      expect(request?.headers['x-sdk-date']).toBe('20261206T030406Z');
      expect(request && recomputed(request, KEY)).toBe(request?.headers.authorization);
    });
  });

  describe('the answers it passes on', () => {
    it('returns status, body as sent, parsed JSON and request id for a 200', async () => {
      // Prepare
      const body = `{"result": "success",  "operation_id": "${OPERATION_ID}"}`;
      server.enqueue({
        status: 200,
        headers: { 'Content-Type': 'application/json;charset=UTF-8', 'X-Request-Id': REQUEST_ID },
        body,
      });
      const bcs = createBcsClient({ endpoint: server.url });

      // Act
      const response = await bcs.quitConsortium(typedQuitInput(), callOptions());

      // Assess
      expect(response).toEqual({
        status: 200,
        body,
        json: { result: 'success', operation_id: OPERATION_ID },
        requestId: REQUEST_ID,
      });
    });

    it.each([
      ['no X-Request-Id', {}],
      ['an empty X-Request-Id', { 'X-Request-Id': '' }],
    ])('returns an undefined request id when BCS gives %s', async (_name, headers) => {
      // Prepare
      server.enqueue(jsonReply(200, { operation_id: OPERATION_ID }, headers));
      const bcs = createBcsClient({ endpoint: server.url });

      // Act
      const response = await bcs.removeChannelOrgs(typedRemoveOrgsInput(), callOptions());

      // Assess
      expect(response.requestId).toBeUndefined();
    });

    it.each([
      [400, 'BCS.4006014', { error_code: 'BCS.4006014', error_msg: 'Invalid parameter' }],
      [400, 'BCS.4001051', { error_code: 'BCS.4001051', error_msg: 'Input org org1 is not exist' }],
      [
        401,
        'BCS.4010401',
        { error_code: 'BCS.4010401', error_msg: 'Incorrect token or token resolution failed' },
      ],
      [
        401,
        'APIGW.0301',
        {
          error_code: 'APIGW.0301',
          error_msg: 'Incorrect IAM authentication information: token expires',
          request_id: 'f0e1d2c3b4a5',
        },
      ],
      [403, 'BCS.4030403', { error_code: 'BCS.4030403', error_msg: 'forbidden to project 123' }],
      [
        404,
        'BCS.4040404',
        { error_code: 'BCS.4040404', error_msg: 'Not Found:the url is not found' },
      ],
      [500, 'BCS.5000500', { error_code: 'BCS.5000500', error_msg: 'Internal Server Error' }],
    ])(
      'passes a BCS %i %s error through unchanged, without throwing',
      async (status, _code, error) => {
        // Prepare
        server.enqueue(jsonReply(status, error, { 'X-Request-Id': REQUEST_ID }));
        const bcs = createBcsClient({ endpoint: server.url });

        // Act
        const response = await bcs.removeChannelOrgs(typedRemoveOrgsInput(), callOptions());

        // Assess
        expect(response).toEqual({
          status,
          body: JSON.stringify(error),
          json: error,
          requestId: REQUEST_ID,
        });
      },
    );

    it('passes a status and code that disagree through as they are', async () => {
      // Prepare
      const error = {
        error_code: 'BCS.4030403',
        error_msg: 'No permissions to request this method',
      };
      server.enqueue(jsonReply(400, error));
      const bcs = createBcsClient({ endpoint: server.url });

      // Act
      const response = await bcs.quitConsortium(typedQuitInput(), callOptions());

      // Assess
      expect(response.status).toBe(400);
      expect(response.json).toEqual(error);
    });
  });

  describe('answers that are not BCS answers', () => {
    it.each([
      ['a 200 that is not JSON', { status: 200, body: 'OK' }],
      [
        'an HTML 502 from a proxy',
        {
          status: 502,
          headers: { 'Content-Type': 'text/html' },
          body: '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>',
        },
      ],
      ['a 200 without an operation id', jsonReply(200, { result: 'success' })],
      ['a 200 with a numeric operation id', jsonReply(200, { operation_id: 42 })],
      ['a 200 whose JSON is an array', jsonReply(200, [{ operation_id: OPERATION_ID }])],
      ['a 200 whose JSON is null', { status: 200, body: 'null' }],
      ['an empty 200', { status: 200, body: '' }],
      ['a 400 without error_code', jsonReply(400, { message: 'bad request' })],
      [
        "a proxy's JSON 503 with error_msg but no error_code",
        jsonReply(503, { error_msg: 'upstream connect error', request_id: 'proxy-1' }),
      ],
      [
        'a 401 whose error_code is not a string',
        jsonReply(401, { error_code: 401, error_msg: 'no' }),
      ],
      ['a 500 with a numeric error_msg', jsonReply(500, { error_code: 'X', error_msg: 5 })],
    ])('throws BCSGW.5020003 for %s', async (_kind, reply) => {
      // Prepare
      server.enqueue(reply);
      const bcs = createBcsClient({ endpoint: server.url });

      // Act
      const error = await rejection(bcs.quitConsortium(typedQuitInput(), callOptions()));

      // Assess
      expect(error.errorCode).toBe('BCSGW.5020003');
      expect(error.statusCode).toBe(502);
      expect(server.requests).toHaveLength(1);
    });

    it.each([
      [200, '{"result":"success"}', 'without an operation id'],
      [299, '{"result":"success"}', 'without an operation id'],
      [300, `{"operation_id":"${OPERATION_ID}"}`, 'with a body that is not a BCS error'],
      [502, '<html>502</html>', 'with a body that is not a BCS error'],
    ])('says what was wrong with a %i that is not a BCS answer', async (status, body, what) => {
      // Prepare: only a 2xx carries an operation id; anything else must be BCS's error shape
      server.enqueue({ status, headers: { 'X-Request-Id': REQUEST_ID }, body });
      const bcs = createBcsClient({ endpoint: server.url });

      // Act
      const error = await rejection(bcs.quitConsortium(typedQuitInput(), callOptions()));

      // Assess
      expect(error.message).toBe(
        `BCS answered ${status} ${what}; the request may have been applied: look up BCS ` +
          'operation records before sending it again',
      );
      expect(error.cause).toEqual({ status, requestId: REQUEST_ID, body });
    });

    it('keeps the first 1,000 characters of a body that is not a BCS answer, for the log', async () => {
      // Prepare
      const page = `<html>${'x'.repeat(2000)}</html>`;
      server.enqueue({ status: 502, headers: { 'Content-Type': 'text/html' }, body: page });
      const bcs = createBcsClient({ endpoint: server.url });

      // Act
      const error = await rejection(bcs.quitConsortium(typedQuitInput(), callOptions()));

      // Assess
      expect((error.cause as { body?: string }).body).toBe(page.slice(0, 1000));
    });

    it.each([
      ['a 2xx without an operation id', jsonReply(200, { result: 'success' })],
      [
        "a proxy's HTML 502 page",
        { status: 502, headers: { 'Content-Type': 'text/html' }, body: '<html>502</html>' },
      ],
      ['a 4xx that is not a BCS error', jsonReply(400, { message: 'bad request' })],
    ])(
      'says in its message that after %s the request may have been applied',
      async (_kind, reply) => {
        // Prepare
        server.enqueue(reply);
        const bcs = createBcsClient({ endpoint: server.url });

        // Act
        const error = await rejection(bcs.quitConsortium(typedQuitInput(), callOptions()));

        // Assess
        expect(error.delivery).toBe('may-have-applied');
        expect(error.message).toContain(
          'the request may have been applied: look up BCS operation records before sending it again',
        );
        expect(error.message).not.toContain(TOKEN);
      },
    );
  });

  describe('connection failures', () => {
    it('throws BCSGW.5020002 for a reset connection and does not send the PUT again', async () => {
      // Prepare
      server.enqueue({ action: 'reset' }, jsonReply(200, { operation_id: OPERATION_ID }));
      const bcs = createBcsClient({ endpoint: server.url });

      // Act
      const error = await rejection(bcs.quitConsortium(typedQuitInput(), callOptions()));

      // Assess
      expect(error.errorCode).toBe('BCSGW.5020002');
      expect(error.message).toContain('may have been applied');
      expect(server.requests).toHaveLength(1);
    });

    it('retries a refused connection once, after a pause, then throws BCSGW.5020002', async () => {
      // Prepare
      const port = await closedPort();
      const attempts: number[] = [];
      const countingFetch: typeof fetch = (input, init) => {
        attempts.push(performance.now());
        return fetch(input, init);
      };
      const bcs = createBcsClient({ endpoint: `http://127.0.0.1:${port}`, fetch: countingFetch });

      // Act
      const error = await rejection(bcs.quitConsortium(typedQuitInput(), callOptions()));

      // Assess
      expect(error.errorCode).toBe('BCSGW.5020002');
      expect(error.message).toBe('BCS could not be reached (ECONNREFUSED)');
      expect(attempts).toHaveLength(2);
      const [first = 0, second = 0] = attempts;
      expect(second - first).toBeGreaterThanOrEqual(90);
    });

    it('throws BCSGW.5040001 as soon as the deadline passes during the pause, without a retry', async () => {
      // Prepare
      const port = await closedPort();
      const controller = new AbortController();
      let attempts = 0;
      const fetchThenDeadline: typeof fetch = async (input, init) => {
        attempts += 1;
        try {
          return await fetch(input, init);
        } finally {
          setTimeout(() => controller.abort(new DOMException('deadline', 'TimeoutError')), 5);
        }
      };
      const bcs = createBcsClient({
        endpoint: `http://127.0.0.1:${port}`,
        fetch: fetchThenDeadline,
      });
      const startedAt = performance.now();

      // Act
      const error = await rejection(
        bcs.quitConsortium(typedQuitInput(), callOptions(controller.signal)),
      );

      // Assess
      expect(error.errorCode).toBe('BCSGW.5040001');
      expect(attempts).toBe(1);
      expect(performance.now() - startedAt).toBeLessThan(100); // the pause is 100 ms
    });

    it('succeeds on the retry when BCS starts listening during the pause', async () => {
      // Prepare
      const port = await closedPort();
      let late: ScriptedServer | undefined;
      let attempts = 0;
      const fetchThatOpensTheDoor: typeof fetch = async (input, init) => {
        attempts += 1;
        try {
          return await fetch(input, init);
        } catch (error) {
          late ??= await startScriptedServer(() => jsonReply(200, { operation_id: OPERATION_ID }), {
            port,
          });
          throw error;
        }
      };
      const bcs = createBcsClient({
        endpoint: `http://127.0.0.1:${port}`,
        fetch: fetchThatOpensTheDoor,
      });

      // Act
      const response = await bcs
        .quitConsortium(typedQuitInput(), callOptions())
        .finally(() => late?.stop());

      // Assess
      expect(response.status).toBe(200);
      expect(attempts).toBe(2);
      expect(late?.requests).toHaveLength(1);
    });

    it('throws BCSGW.5040001 when the deadline passes while BCS hangs, well before five seconds', async () => {
      // Prepare
      server.enqueue({ action: 'hang' });
      const bcs = createBcsClient({ endpoint: server.url });
      const startedAt = performance.now();

      // Act
      const error = await rejection(
        bcs.quitConsortium(typedQuitInput(), callOptions(AbortSignal.timeout(200))),
      );

      // Assess
      expect(error.errorCode).toBe('BCSGW.5040001');
      expect(error.statusCode).toBe(504);
      expect(error.message).toContain('may have been applied');
      expect(performance.now() - startedAt).toBeLessThan(5000);
      expect(server.requests).toHaveLength(1);
    });

    it('throws BCSGW.5040001 and sends nothing when the deadline has already passed', async () => {
      // Prepare
      const bcs = createBcsClient({ endpoint: server.url });
      const signal = AbortSignal.abort(new DOMException('deadline', 'TimeoutError'));

      // Act
      const error = await rejection(bcs.quitConsortium(typedQuitInput(), callOptions(signal)));

      // Assess
      expect(error.errorCode).toBe('BCSGW.5040001');
      expect(server.requests).toHaveLength(0);
    });
  });

  describe('redirects', () => {
    it('never sends the token or the body to the place a redirect points at', async () => {
      // Prepare
      const elsewhere = await startScriptedServer(() => jsonReply(200, { operation_id: 'stolen' }));
      server.enqueue({ status: 307, headers: { Location: `${elsewhere.url}/v2/x/members/quit` } });
      const bcs = createBcsClient({ endpoint: server.url });

      // Act
      const outcome = await bcs
        .quitConsortium(typedQuitInput(), callOptions())
        .then(
          (response) => ({ response }),
          (error: unknown) => ({ error }),
        )
        .finally(() => elsewhere.stop());

      // Assess
      expect(elsewhere.requests).toHaveLength(0);
      expect(outcome).toHaveProperty('error');
      expect((outcome as { error: GatewayError }).error.statusCode).toBe(502);
    });
  });
  describe('a GET (ListOpRecord)', () => {
    const PROJECT = ids.projectId;
    const listRequest = (query: string) => ({
      method: 'GET' as const,
      path: `/v2/${PROJECT}/operation/record`,
      query,
      projectId: PROJECT,
    });
    const key: HuaweiAccessKey = { ak: 'AKEXAMPLE0000000001', sk: 'sk-example' };

    it('sends the query once, with our token and neither a body nor a Content-Type', async () => {
      // Prepare
      server.enqueue(jsonReply(200, { count: 0, operation_records: [] }));
      const bcs = createBcsClient({ endpoint: server.url });

      // Act
      await bcs.send(listRequest('operation_id=a%20b&operation_status=failed'), callOptions());

      // Assess
      const [request] = server.requests;
      expect(request?.method).toBe('GET');
      expect(request?.url).toBe(
        `/v2/${PROJECT}/operation/record?operation_id=a%20b&operation_status=failed`,
      );
      expect(request?.headers['x-auth-token']).toBe(TOKEN);
      expect(request?.headers).not.toHaveProperty('content-type');
      expect(request?.headers).not.toHaveProperty('content-length');
      expect(request?.body).toBe('');
    });

    it('sends no query mark when there is no query', async () => {
      // Prepare
      server.enqueue(jsonReply(200, { count: 0, operation_records: [] }));
      const bcs = createBcsClient({ endpoint: server.url });

      // Act
      await bcs.send(listRequest(''), callOptions());

      // Assess
      expect(server.requests[0]?.url).toBe(`/v2/${PROJECT}/operation/record`);
    });

    it('signs the query as sent, over an empty body, naming the project', async () => {
      // Prepare
      server.enqueue(jsonReply(200, { count: 0, operation_records: [] }));
      const now = new Date('2026-03-14T09:27:10Z');
      const bcs = createBcsClient({ endpoint: server.url, now: () => now });

      // Act
      await bcs.send(listRequest('operation_type=06&blockchain_id=%E5%8C%BA'), {
        accessKey: key,
        signal: AbortSignal.timeout(5000),
      });

      // Assess
      const [request] = server.requests;
      const url = new URL(`${server.url}${request?.url}`);
      const expected = signHuaweiRequest(
        { method: 'GET', url, headers: { 'X-Project-Id': PROJECT }, body: '' },
        { key, now },
      );
      expect(request?.headers.authorization).toBe(expected.authorization);
      expect(request?.headers['x-project-id']).toBe(PROJECT);
      expect(request?.headers).not.toHaveProperty('content-type');
    });

    it('hands back any JSON object of a 2xx as its exact text, big integers included', async () => {
      // Prepare
      const body = '{"count": 1, "operation_records": [{"start_time": 1618218591951266001}]}';
      server.enqueue({ status: 200, headers: { 'Content-Type': 'application/json' }, body });
      const bcs = createBcsClient({ endpoint: server.url });

      // Act
      const response = await bcs.send(listRequest(''), callOptions());

      // Assess
      expect(response.status).toBe(200);
      expect(response.body).toBe(body);
    });

    it('refuses a 2xx that is no JSON object with 502 BCSGW.5020003, never saying it may have been applied', async () => {
      // Prepare
      server.enqueue({ status: 200, body: '[1]' });
      const bcs = createBcsClient({ endpoint: server.url });

      // Act
      const error = await rejection(bcs.send(listRequest(''), callOptions()));

      // Assess
      expect(error.errorCode).toBe('BCSGW.5020003');
      expect(error.message).toBe('BCS answered 200 without a JSON object');
      expect(error.delivery).toBe('final');
    });

    it('reports a reset connection without saying it may have been applied', async () => {
      // Prepare
      server.enqueue({ action: 'reset' });
      const bcs = createBcsClient({ endpoint: server.url });

      // Act
      const error = await rejection(bcs.send(listRequest(''), callOptions()));

      // Assess
      expect(error.errorCode).toBe('BCSGW.5020002');
      expect(error.message).not.toContain('may have been applied');
      expect(error.delivery).toBe('not-sent');
      expect(server.requests).toHaveLength(1);
    });
  });
});
