import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AwsCall, createAwsClient } from '../../../lib/aws/aws-client.ts';
import { AwsConfigError, readAwsConfig } from '../../../lib/aws/aws-config.ts';
import { AwsError } from '../../../lib/aws/aws-error.ts';
import { CLOCK_START, TEST_AWS_ENV, testAwsClient } from '../../helpers/aws-test-client.ts';
import { closedPort } from '../../helpers/closed-port.ts';
import {
  jsonReply,
  type ScriptedServer,
  startScriptedServer,
} from '../../helpers/scripted-server.ts';

/** A DynamoDB GetItem, as a service module would describe it. */
const getItem: AwsCall = {
  service: 'dynamodb',
  operation: 'DynamoDB_20120810.GetItem',
  body: '{"TableName":"t","Key":{"id":{"S":"k"}}}',
};
/** A call a repeat could apply twice (every Lambda call is one). */
const invoke: AwsCall = {
  service: 'lambda',
  operation: 'Invoke',
  path: '/2015-03-31/functions/worker/invocations',
  headers: { 'content-type': 'application/octet-stream', 'x-amz-invocation-type': 'Event' },
  body: '{}',
};
const inTime = () => AbortSignal.timeout(10_000);
const throttled = () =>
  jsonReply(400, { __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException' });
const failure = (promise: Promise<unknown>): Promise<AwsError> =>
  promise.then(
    () => {
      throw new Error('the call succeeded');
    },
    (error: unknown) => {
      if (!(error instanceof AwsError)) throw error;
      return error;
    },
  );

describe('createAwsClient', () => {
  let server: ScriptedServer;
  let other: ScriptedServer;

  beforeEach(async () => {
    server = await startScriptedServer(() => jsonReply(200, {}));
    other = await startScriptedServer();
  });
  afterEach(async () => {
    await server.stop();
    await other.stop();
  });

  describe('a call that succeeds', () => {
    it("sends one signed POST to the service's endpoint, exactly as described", async () => {
      // Prepare
      const { client } = testAwsClient(server.url);
      server.enqueue(jsonReply(200, { Item: { id: { S: 'k' } } }));

      // Act
      const answer = await client.call(getItem, inTime());

      // Assess
      expect(answer).toEqual({ Item: { id: { S: 'k' } } });
      expect(server.requests).toHaveLength(1);
      const [request] = server.requests;
      expect(request).toMatchObject({
        method: 'POST',
        url: '/',
        body: '{"TableName":"t","Key":{"id":{"S":"k"}}}',
      });
      expect(request?.headers).toMatchObject({
        host: `127.0.0.1:${server.port}`,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.GetItem',
        'x-amz-date': '20261206T100000Z',
        'x-amz-security-token': TEST_AWS_ENV.AWS_SESSION_TOKEN,
        'content-length': '40',
      });
      expect(request?.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261206\/eu-west-1\/dynamodb\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=[0-9a-f]{64}$/,
      );
    });

    it("sends to the given endpoint's origin and path instead of the service's", async () => {
      // Prepare
      const { client } = testAwsClient(server.url);
      other.enqueue({ status: 202, body: '' });

      // Act
      await client.call({ ...invoke, endpoint: `${other.url}/elsewhere?q=1` }, inTime());

      // Assess
      expect(server.requests).toEqual([]);
      expect(other.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
        'POST /2015-03-31/functions/worker/invocations',
      ]);
      expect(other.requests[0]?.headers.authorization).toContain('/eu-west-1/lambda/aws4_request');
    });

    it('answers {} for an empty body', async () => {
      // Prepare
      const { client } = testAwsClient(server.url);
      server.enqueue({ status: 200, body: '' });

      // Act
      const answer = await client.call(getItem, inTime());

      // Assess
      expect(answer).toEqual({});
    });

    it('reads the configuration at the first call, once, and not when made', async () => {
      // Prepare
      let reads = 0;
      const client = createAwsClient({
        config: () => {
          reads += 1;
          return readAwsConfig({ ...TEST_AWS_ENV, AWS_ENDPOINT_URL: server.url });
        },
      });
      const before = reads;

      // Act
      await client.call(getItem, inTime());
      await client.call(getItem, inTime());

      // Assess
      expect([before, reads]).toEqual([0, 1]);
    });
  });

  describe('a call AWS refuses', () => {
    it('throws an AwsError as AWS named it, with its status, request id and body', async () => {
      // Prepare
      const { client } = testAwsClient(server.url);
      const body = {
        __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
        message: 'Requested resource not found',
      };
      server.enqueue(jsonReply(400, body, { 'x-amzn-RequestId': 'REQ-1' }));

      // Act
      const error = await failure(client.call(getItem, inTime()));

      // Assess
      expect(error).toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'dynamodb GetItem failed: ResourceNotFoundException (HTTP 400)',
        service: 'dynamodb',
        call: 'GetItem',
        status: 400,
        requestId: 'REQ-1',
        sent: 'answered',
        body,
      });
      expect(server.requests).toHaveLength(1);
    });

    it("throws HTTP <status> for a proxy's HTML page, and retries it if transient", async () => {
      // Prepare
      const { client } = testAwsClient(server.url);
      const page = { status: 502, headers: { 'content-type': 'text/html' }, body: '<html/>' };
      server.enqueue(page, page, page, page);

      // Act
      const error = await failure(client.call(getItem, inTime()));

      // Assess
      expect(error).toMatchObject({ name: 'HTTP 502', status: 502, sent: 'maybe' });
      expect(error.message).toBe('dynamodb GetItem failed: HTTP 502');
      expect(server.requests).toHaveLength(4);
    });

    it('throws when a 2xx answer is not a JSON object, without retrying', async () => {
      // Prepare
      const { client } = testAwsClient(server.url);
      server.enqueue({ status: 200, body: '<html>captive portal</html>' });

      // Act
      const error = await failure(client.call(getItem, inTime()));

      // Assess
      expect(error).toMatchObject({ name: 'HTTP 200', status: 200, sent: 'maybe' });
      expect(server.requests).toHaveLength(1);
    });

    it('throws the failure its check finds in a 2xx answer, which may have had an effect', async () => {
      // Prepare
      const { client } = testAwsClient(server.url);
      server.enqueue(jsonReply(200, { Count: 2 }, { 'x-amzn-requestid': 'REQ-2' }));

      // Act
      const error = await failure(
        client.call(
          {
            ...getItem,
            check: (answer: Record<string, unknown>) => answer.Count !== 1 && 'WrongCountError',
          },
          inTime(),
        ),
      );

      // Assess
      expect(error).toMatchObject({
        name: 'WrongCountError',
        status: 200,
        requestId: 'REQ-2',
        sent: 'maybe',
        body: { Count: 2 },
      });
    });

    it("gives Lambda's check its status and never reads its body as AWS's", async () => {
      // Prepare
      const { client } = testAwsClient(server.url);
      server.enqueue({ status: 200, body: 'the function said hello' });
      const seen: number[] = [];

      // Act
      const error = await failure(
        client.call(
          {
            ...invoke,
            check: (_, status) => {
              seen.push(status);
              return `HTTP ${status}`;
            },
          },
          inTime(),
        ),
      );

      // Assess
      expect(seen).toEqual([200]);
      expect(error).toMatchObject({ name: 'HTTP 200', sent: 'maybe' });
    });

    it('never follows a redirect: the signed request stays where it was sent', async () => {
      // Prepare
      const { client } = testAwsClient(server.url);
      server.enqueue({ status: 307, headers: { location: `${other.url}/` }, body: '' });

      // Act
      const error = await failure(client.call(getItem, inTime()));

      // Assess
      expect(error).toMatchObject({ name: 'HTTP 307', status: 307 });
      expect(other.requests).toEqual([]);
    });

    it('puts neither the request nor the credentials in its message', async () => {
      // Prepare
      const { client } = testAwsClient(server.url);
      server.enqueue(jsonReply(400, { __type: 'ValidationException', message: 'bad input' }));
      const secretRequest = {
        ...getItem,
        body: '{"TableName":"t","Key":{"id":{"S":"PRIVATE-42"}}}',
      };

      // Act
      const error = await failure(client.call(secretRequest, inTime()));

      // Assess
      const told = `${error.message} ${error.stack}`;
      for (const secret of [
        'PRIVATE-42',
        TEST_AWS_ENV.AWS_SECRET_ACCESS_KEY,
        TEST_AWS_ENV.AWS_SESSION_TOKEN,
      ]) {
        expect(told).not.toContain(secret);
      }
    });

    it('throws an AwsConfigError at the call when the environment lacks credentials', async () => {
      // Prepare
      const client = createAwsClient({ config: () => readAwsConfig({ AWS_REGION: 'eu-west-1' }) });

      // Act
      const calling = client.call(getItem, inTime());

      // Assess
      await expect(calling).rejects.toThrow(AwsConfigError);
      await expect(calling).rejects.toThrow(/AWS_ACCESS_KEY_ID.*must be set/);
      expect(server.requests).toEqual([]);
    });
  });

  describe('retries', () => {
    it('signs every attempt afresh', async () => {
      // Prepare
      const { client } = testAwsClient(server.url, { ticking: true });
      server.enqueue({ status: 500, body: '' }, jsonReply(200, {}));

      // Act
      await client.call(getItem, inTime());

      // Assess
      const [first, second] = server.requests.map((request) => request.headers);
      expect(first?.['x-amz-date']).toBe('20261206T100000Z');
      expect(second?.['x-amz-date']).not.toBe(first?.['x-amz-date']);
      expect(second?.authorization).not.toBe(first?.authorization);
      expect(second?.['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
    });

    it('retries throttling, waiting the full backoff bound from 1 s', async () => {
      // Prepare
      const aws = testAwsClient(server.url);
      server.enqueue(throttled(), { status: 429, body: '' }, jsonReply(200, { Item: {} }));

      // Act
      const answer = await aws.client.call(getItem, inTime());

      // Assess
      expect(answer).toEqual({ Item: {} });
      expect(server.requests).toHaveLength(3);
      expect(aws.waits).toEqual([1000, 2000]);
    });

    it('waits as long as Retry-After asks, up to 5 s past the backoff', async () => {
      // Prepare
      const aws = testAwsClient(server.url);
      server.enqueue(
        { status: 503, headers: { 'retry-after': '3' }, body: '' },
        { status: 429, headers: { 'retry-after': '120' }, body: '' },
        jsonReply(200, {}),
      );

      // Act
      await aws.client.call(getItem, inTime());

      // Assess
      expect(aws.waits).toEqual([3000, 2000 + 5000]);
    });

    it('makes DynamoDB calls 4 attempts in all, the others 3', async () => {
      // Prepare
      const aws = testAwsClient(server.url);
      server.respondWith(() => ({ status: 503, body: '' }));

      // Act
      const dynamo = await failure(aws.client.call(getItem, inTime()));
      const dynamoRequests = server.requests.length;
      const secrets = await failure(
        aws.client.call({ ...getItem, service: 'secretsmanager' }, inTime()),
      );

      // Assess
      expect([dynamo.name, dynamoRequests]).toEqual(['HTTP 503', 4]);
      expect([secrets.name, server.requests.length - dynamoRequests]).toEqual(['HTTP 503', 3]);
      expect(aws.waits).toEqual([25, 50, 100, 50, 100]);
    });

    it('retries a refused connection, and says nothing was sent when none was made', async () => {
      // Prepare
      const aws = testAwsClient(`http://127.0.0.1:${await closedPort()}`);

      // Act
      const error = await failure(aws.client.call(getItem, inTime()));

      // Assess
      expect(error).toMatchObject({ name: 'ECONNREFUSED', sent: 'not-sent' });
      expect(error.status).toBeUndefined();
      expect(error.cause).toBeInstanceOf(TypeError);
      expect(aws.waits).toHaveLength(3);
    });

    it('names a failure without a socket code NetworkError, and does not retry it', async () => {
      // Prepare
      let sent = 0;
      const aws = testAwsClient(server.url, {
        fetch: async () => {
          sent += 1;
          throw new TypeError('fetch failed');
        },
      });

      // Act
      const error = await failure(aws.client.call(getItem, inTime()));

      // Assess
      expect(error).toMatchObject({ name: 'NetworkError', sent: 'maybe' });
      expect(error.cause).toBeInstanceOf(TypeError);
      expect(sent).toBe(1);
    });

    it('retries a reset connection of a repeatable call, which may have been applied', async () => {
      // Prepare
      const aws = testAwsClient(server.url);
      server.enqueue({ action: 'reset' }, jsonReply(200, { Item: {} }));

      // Act
      const answer = await aws.client.call(getItem, inTime());

      // Assess
      expect(answer).toEqual({ Item: {} });
      expect(server.requests).toHaveLength(2);
    });

    it('says a failure may have been applied when an earlier attempt may have been', async () => {
      // Prepare
      const aws = testAwsClient(server.url);
      server.enqueue(
        { action: 'reset' },
        jsonReply(400, { __type: 'x#ConditionalCheckFailedException' }),
      );

      // Act
      const error = await failure(aws.client.call(getItem, inTime()));

      // Assess
      expect(error).toMatchObject({
        name: 'ConditionalCheckFailedException',
        status: 400,
        sent: 'maybe',
      });
      expect(server.requests).toHaveLength(2);
    });

    it('does not retry ConditionalCheckFailedException or TransactionConflictException', async () => {
      // Prepare
      const aws = testAwsClient(server.url);
      server.enqueue(
        jsonReply(400, { __type: 'x#ConditionalCheckFailedException' }),
        jsonReply(400, { __type: 'x#TransactionConflictException' }),
      );

      // Act
      const names = [
        (await failure(aws.client.call(getItem, inTime()))).name,
        (await failure(aws.client.call(getItem, inTime()))).name,
      ];

      // Assess
      expect(names).toEqual(['ConditionalCheckFailedException', 'TransactionConflictException']);
      expect(server.requests).toHaveLength(2);
      expect(aws.waits).toEqual([]);
    });
  });

  describe('a call not safe to repeat (Lambda async Invoke)', () => {
    it.each([
      ['a 5xx', { status: 500, body: '{"Type":"Service","message":"boom"}' }],
      ['a reset', { action: 'reset' as const }],
    ])('is not retried after %s: it may have been queued', async (_, reply) => {
      // Prepare
      const aws = testAwsClient(server.url);
      server.enqueue(reply);

      // Act
      const error = await failure(aws.client.call(invoke, inTime()));

      // Assess
      expect(error.sent).toBe('maybe');
      expect(server.requests).toHaveLength(1);
    });

    it('is retried when throttled: nothing was queued', async () => {
      // Prepare
      const aws = testAwsClient(server.url);
      server.enqueue(
        {
          status: 429,
          headers: { 'x-amzn-errortype': 'TooManyRequestsException' },
          body: '{"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}',
        },
        { status: 202, body: '' },
      );

      // Act
      await aws.client.call(invoke, inTime());

      // Assess
      expect(server.requests).toHaveLength(2);
      expect(aws.waits).toEqual([1000]);
    });

    it('is retried when the connection was refused: nothing was sent', async () => {
      // Prepare
      const port = await closedPort();
      const aws = testAwsClient(`http://127.0.0.1:${port}`);

      // Act
      const error = await failure(aws.client.call(invoke, inTime()));

      // Assess
      expect(error).toMatchObject({ name: 'ECONNREFUSED', sent: 'not-sent' });
      expect(aws.waits).toHaveLength(2);
    });

    it('is retried when Lambda refused it with a 4xx, then not after a 5xx', async () => {
      // Prepare
      const aws = testAwsClient(server.url);
      server.enqueue(
        { status: 408, headers: { 'x-amzn-errortype': 'RequestTimeoutException' }, body: '' },
        { status: 502, headers: { 'x-amzn-errortype': 'EC2ThrottledException' }, body: '' },
      );

      // Act
      const error = await failure(aws.client.call(invoke, inTime()));

      // Assess
      expect(error).toMatchObject({ name: 'EC2ThrottledException', status: 502, sent: 'maybe' });
      expect(server.requests).toHaveLength(2);
    });
  });

  describe('the deadline and the signal', () => {
    it('does not wait past the deadline: it throws the last failure at once', async () => {
      // Prepare
      const aws = testAwsClient(server.url);
      server.enqueue(throttled());

      // Act
      const error = await failure(
        aws.client.call(getItem, inTime(), { deadline: CLOCK_START + 999 }),
      );

      // Assess
      expect(error).toMatchObject({ name: 'ThrottlingException' });
      expect(server.requests).toHaveLength(1);
      expect(aws.waits).toEqual([]);
    });

    it('does not start an attempt once the deadline has passed, even after a wait', async () => {
      // Prepare
      let clock = CLOCK_START;
      const client = createAwsClient({
        config: readAwsConfig({ ...TEST_AWS_ENV, AWS_ENDPOINT_URL: server.url }),
        now: () => clock,
        random: () => 1,
        // A wait that overslept, well past the deadline.
        sleep: async (ms) => {
          clock += ms + 10_000;
        },
      });
      server.enqueue(throttled(), jsonReply(200, {}));

      // Act
      const error = await failure(client.call(getItem, inTime(), { deadline: CLOCK_START + 5000 }));

      // Assess
      expect(error).toMatchObject({ name: 'ThrottlingException' });
      expect(server.requests).toHaveLength(1);
    });

    it('does not start an attempt when its wait ends exactly at the deadline', async () => {
      // Prepare
      let clock = CLOCK_START;
      const client = createAwsClient({
        config: readAwsConfig({ ...TEST_AWS_ENV, AWS_ENDPOINT_URL: server.url }),
        now: () => clock,
        random: () => 1,
        // A wait that ends on the deadline itself.
        sleep: async () => {
          clock = CLOCK_START + 5000;
        },
      });
      server.enqueue(throttled(), jsonReply(200, {}));

      // Act
      const error = await failure(client.call(getItem, inTime(), { deadline: CLOCK_START + 5000 }));

      // Assess
      expect(error).toMatchObject({ name: 'ThrottlingException' });
      expect(server.requests).toHaveLength(1);
    });

    it.each([
      ['null', null],
      ['a text', 'stop'],
    ])('names an abort whose reason is %s, not an Error, AbortError', async (_, reason) => {
      // Prepare
      const aws = testAwsClient(server.url);
      const controller = new AbortController();
      controller.abort(reason);

      // Act
      const error = await failure(aws.client.call(getItem, controller.signal));

      // Assess
      expect(error).toMatchObject({ name: 'AbortError', sent: 'not-sent' });
      expect(server.requests).toEqual([]);
    });

    it('gives up when the signal fires while the service does not answer', async () => {
      // Prepare
      const aws = testAwsClient(server.url);
      server.enqueue({ action: 'hang' });

      // Act
      const error = await failure(aws.client.call(getItem, AbortSignal.timeout(200)));

      // Assess
      expect(error).toMatchObject({ name: 'TimeoutError', sent: 'maybe' });
      expect(server.requests).toHaveLength(1);
    });

    it('never retries an abort', async () => {
      // Prepare
      const aws = testAwsClient(server.url);
      server.enqueue({ action: 'hang' });
      const controller = new AbortController();
      const calling = failure(aws.client.call(getItem, controller.signal));
      await waitFor(() => server.requests.length === 1);

      // Act
      controller.abort();
      const error = await calling;

      // Assess
      expect(error).toMatchObject({ name: 'AbortError', sent: 'maybe' });
      expect(server.requests).toHaveLength(1);
    });

    it('sends nothing when the signal has already fired', async () => {
      // Prepare
      const aws = testAwsClient(server.url);
      const controller = new AbortController();
      controller.abort(new DOMException('late', 'TimeoutError'));

      // Act
      const error = await failure(aws.client.call(getItem, controller.signal));

      // Assess
      expect(error).toMatchObject({ name: 'TimeoutError', sent: 'not-sent' });
      expect(server.requests).toEqual([]);
    });

    it('stops when the signal fires during a wait, throwing the last failure', async () => {
      // Prepare
      const controller = new AbortController();
      const aws = testAwsClient(server.url, {
        sleep: async () => controller.abort(),
      });
      server.enqueue(throttled());

      // Act
      const error = await failure(aws.client.call(getItem, controller.signal));

      // Assess
      expect(error).toMatchObject({ name: 'ThrottlingException', sent: 'answered' });
      expect(server.requests).toHaveLength(1);
    });
  });
});

/** Resolves once `ready()` holds (checked every 10 ms). */
const waitFor = async (ready: () => boolean): Promise<void> => {
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, 10));
};
