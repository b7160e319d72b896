/**
 * The retry policy on the wire: every call goes through a fault proxy in front of moto (which
 * checks signatures) that throttles, fails, hangs or loses the answer of the calls a test
 * picks, and counts how many attempts reached moto.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AwsClient, createAwsClient } from '../../../lib/aws/aws-client.ts';
import { readAwsConfig } from '../../../lib/aws/aws-config.ts';
import { AwsError } from '../../../lib/aws/aws-error.ts';
import { failedCondition, getItem, putItem } from '../../../lib/aws/dynamodb.ts';
import { putEvents } from '../../../lib/aws/eventbridge.ts';
import { invokeAsync } from '../../../lib/aws/lambda.ts';
import { getSecretValue } from '../../../lib/aws/secrets-manager.ts';
import { sendMessage } from '../../../lib/aws/sqs.ts';
import { createAwsResources } from '../../helpers/aws-resources.ts';
import { type FaultProxy, startFaultProxy } from '../../helpers/fault-proxy.ts';
import { type Moto, startMoto } from '../../helpers/moto.ts';

const inTime = () => AbortSignal.timeout(10_000);
const throttling = {
  status: 400,
  headers: { 'content-type': 'application/x-amz-json-1.0' },
  body: '{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate of requests exceeds the allowed throughput."}',
};
const tooMany = { status: 429, body: '' };
const rejection = (promise: Promise<unknown>): Promise<AwsError> =>
  promise.then(
    () => {
      throw new Error('the call succeeded');
    },
    (error: unknown) => {
      if (!(error instanceof AwsError)) throw error;
      return error;
    },
  );

describe('lib/aws when AWS misbehaves on the wire', () => {
  let moto: Moto;
  let proxy: FaultProxy;
  let aws: Awaited<ReturnType<typeof createAwsResources>>;
  let client: AwsClient;
  /** The waits the client asked for: it never sleeps here. */
  const waits: number[] = [];
  /** A queue's URL at the proxy, as SQS would give it behind that endpoint. */
  const viaProxy = (queueUrl: string) => queueUrl.replace(moto.url, proxy.url);
  const TableName = () => aws.table.tableName;

  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startFaultProxy(moto.url);
    aws = await createAwsResources(moto);
    await aws.enforceSignatures();
    client = createAwsClient({
      config: readAwsConfig({
        AWS_REGION: aws.region,
        AWS_ACCESS_KEY_ID: aws.caller.accessKeyId,
        AWS_SECRET_ACCESS_KEY: aws.caller.secretAccessKey,
        AWS_ENDPOINT_URL: proxy.url,
      }),
      random: () => 1,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
  });
  afterAll(async () => {
    await proxy?.stop();
    await moto?.stop();
  });
  beforeEach(() => {
    proxy.reset();
    waits.length = 0;
  });

  describe('throttling and server errors', () => {
    it('retries a throttled write until it gets through: only that attempt reaches AWS', async () => {
      // Prepare
      proxy.inject('PutItem', throttling, tooMany);
      const Item = { id: { S: 'throttled' } };

      // Act
      await putItem(client, { TableName: TableName(), Item }, inTime());

      // Assess
      expect(proxy.calls).toEqual(['PutItem', 'PutItem', 'PutItem']);
      expect(proxy.forwarded).toEqual(['PutItem']);
      expect(waits).toEqual([1000, 2000]);
      expect((await getItem(client, { TableName: TableName(), Key: Item }, inTime())).Item).toEqual(
        Item,
      );
    });

    it('gives up after 3 attempts when throttling persists, nothing sent to the queue', async () => {
      // Prepare
      proxy.inject('SendMessage', tooMany, tooMany, tooMany);

      // Act
      const error = await rejection(
        sendMessage(client, { QueueUrl: viaProxy(aws.queueUrl), MessageBody: 'm' }, inTime()),
      );

      // Assess
      expect(error).toMatchObject({ name: 'HTTP 429', status: 429, sent: 'answered' });
      expect(proxy.calls).toEqual(['SendMessage', 'SendMessage', 'SendMessage']);
      expect(proxy.forwarded).toEqual([]);
      expect(await aws.messages(aws.queueUrl)).toEqual([]);
    });

    it('retries a 5xx', async () => {
      // Prepare
      proxy.inject('GetSecretValue', {
        status: 500,
        body: '{"__type":"InternalServiceError","message":"boom"}',
      });

      // Act
      const { SecretString } = await getSecretValue(client, { SecretId: aws.secretArn }, inTime());

      // Assess
      expect(SecretString).toBe(aws.secretString);
      expect(proxy.calls).toEqual(['GetSecretValue', 'GetSecretValue']);
      expect(proxy.forwarded).toEqual(['GetSecretValue']);
    });

    it('does not send an invocation again after a 5xx: it may have been queued', async () => {
      // Prepare
      proxy.inject('Invoke', { status: 500, body: '{"Type":"Service","message":"boom"}' });

      // Act
      const error = await rejection(
        invokeAsync(client, { FunctionName: aws.workerName, Payload: '{}' }, inTime()),
      );

      // Assess
      expect(error).toMatchObject({ status: 500, sent: 'maybe' });
      expect(proxy.calls).toEqual(['Invoke']);
    });

    it('sends an invocation again when Lambda throttled it: nothing was queued', async () => {
      // Prepare
      proxy.inject('Invoke', {
        status: 429,
        headers: { 'x-amzn-errortype': 'TooManyRequestsException' },
        body: '{"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","message":"Rate Exceeded."}',
      });

      // Act
      await invokeAsync(client, { FunctionName: aws.workerName, Payload: '{}' }, inTime());

      // Assess
      expect(proxy.calls).toEqual(['Invoke', 'Invoke']);
      expect(proxy.forwarded).toEqual(['Invoke']);
    });
  });

  describe('the deadline', () => {
    it('gives a call up when AWS does not answer before the deadline', async () => {
      // Prepare
      proxy.inject('PutItem', 'hang');
      const Item = { id: { S: 'hung' } };

      // Act
      const error = await rejection(
        putItem(client, { TableName: TableName(), Item }, AbortSignal.timeout(300), {
          deadline: Date.now() + 300,
        }),
      );

      // Assess
      expect(error).toMatchObject({ name: 'TimeoutError', sent: 'maybe' });
      expect(proxy.calls).toEqual(['PutItem']);
      expect(proxy.forwarded).toEqual([]);
      expect((await getItem(client, { TableName: TableName(), Key: Item }, inTime())).Item).toBe(
        undefined,
      );
    });

    it('does not wait for a retry the deadline leaves no time for', async () => {
      // Prepare
      proxy.inject('PutEvents', throttling);

      // Act
      const error = await rejection(
        putEvents(
          client,
          {
            Entries: [
              { EventBusName: aws.busName, Source: 'bcs-offboard', DetailType: 'x', Detail: '{}' },
            ],
          },
          inTime(),
          { deadline: Date.now() + 500 },
        ),
      );

      // Assess
      expect(error).toMatchObject({ name: 'ThrottlingException' });
      expect(proxy.calls).toEqual(['PutEvents']);
      expect(waits).toEqual([]);
      expect(await aws.outcomes.outcomes()).toEqual([]);
    });
  });

  describe('a lost answer or a reset connection', () => {
    it('sends a lost conditional write again, and hands back the record it had written', async () => {
      // Prepare
      proxy.inject('PutItem', 'lose-answer');
      const Item = { id: { S: 'lost' }, claim_id: { S: 'mine' } };

      // Act
      const error = await rejection(
        putItem(
          client,
          {
            TableName: TableName(),
            Item,
            ConditionExpression: 'attribute_not_exists(id)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
          inTime(),
        ),
      );

      // Assess
      expect(proxy.forwarded).toEqual(['PutItem', 'PutItem']);
      expect(error).toMatchObject({
        name: 'ConditionalCheckFailedException',
        sent: 'maybe',
      });
      expect(failedCondition(error)).toEqual({ Item });
    });

    it('sends a lost message again, which a FIFO queue deduplicates', async () => {
      // Prepare
      proxy.inject('SendMessage', 'lose-answer');

      // Act
      await sendMessage(
        client,
        {
          QueueUrl: viaProxy(aws.fifoQueueUrl),
          MessageBody: 'dead letter',
          MessageGroupId: 'g',
          MessageDeduplicationId: 'lost-1',
        },
        inTime(),
      );

      // Assess
      expect(proxy.forwarded).toEqual(['SendMessage', 'SendMessage']);
      expect((await aws.messages(aws.fifoQueueUrl)).map((message) => message.body)).toEqual([
        'dead letter',
      ]);
    });

    it('publishes a lost event again, so that it arrives twice, as with the SDK', async () => {
      // Prepare
      proxy.inject('PutEvents', 'lose-answer');

      // Act
      await putEvents(
        client,
        {
          Entries: [
            {
              EventBusName: aws.busName,
              Source: 'bcs-offboard',
              DetailType: 'twice',
              Detail: '{}',
            },
          ],
        },
        inTime(),
      );

      // Assess
      expect(proxy.forwarded).toEqual(['PutEvents', 'PutEvents']);
      expect((await aws.outcomes.outcomes()).map((event) => event['detail-type'])).toEqual([
        'twice',
        'twice',
      ]);
    });

    it('does not send an invocation again when its answer was lost: it was queued', async () => {
      // Prepare
      proxy.inject('Invoke', 'lose-answer');

      // Act
      const error = await rejection(
        invokeAsync(client, { FunctionName: aws.workerName, Payload: '{}' }, inTime()),
      );

      // Assess
      expect(error).toMatchObject({ name: 'UND_ERR_SOCKET', sent: 'maybe' });
      expect(error.status).toBeUndefined();
      expect(proxy.forwarded).toEqual(['Invoke']);
    });

    it('does not send an invocation again after a reset connection', async () => {
      // Prepare
      proxy.inject('Invoke', 'reset');

      // Act
      const error = await rejection(
        invokeAsync(client, { FunctionName: aws.workerName, Payload: '{}' }, inTime()),
      );

      // Assess
      expect(error).toMatchObject({ name: 'ECONNRESET', sent: 'maybe' });
      expect(proxy.calls).toEqual(['Invoke']);
      expect(proxy.forwarded).toEqual([]);
    });

    it('sends a read again after a reset connection', async () => {
      // Prepare
      proxy.inject('GetItem', 'reset');

      // Act
      const answer = await getItem(
        client,
        { TableName: TableName(), Key: { id: { S: 'nobody' } } },
        inTime(),
      );

      // Assess
      expect(answer.Item).toBeUndefined();
      expect(proxy.calls).toEqual(['GetItem', 'GetItem']);
      expect(proxy.forwarded).toEqual(['GetItem']);
    });
  });
});
