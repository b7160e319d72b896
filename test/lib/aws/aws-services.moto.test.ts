/**
 * Every AWS call of lib/aws, round-tripped through moto_server with signatures checked: moto
 * verifies each signature as IAM would (a wrong one is refused with 403), so these tests also
 * check the signer against a second implementation, for all five services.
 *
 * Not here: a Lambda function named by its ARN. moto computes the canonical URI from the
 * decoded path (`arn:aws` encoded once, `arn%3Aaws`) where AWS encodes the wire path again
 * (`arn%253Aaws`), so moto refuses the AWS SDK's own signature of such a call; lambda.test.ts
 * checks the wire path and the signing tests the canonical URI. Nor a function that does not
 * exist: moto, told to run functions without Docker, accepts any invocation (lambda.test.ts
 * checks how Lambda's refusal is read).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsClient, createAwsClient } from '../../../lib/aws/aws-client.ts';
import { readAwsConfig } from '../../../lib/aws/aws-config.ts';
import { AwsError } from '../../../lib/aws/aws-error.ts';
import {
  deleteItem,
  failedCondition,
  getItem,
  putItem,
  updateItem,
} from '../../../lib/aws/dynamodb.ts';
import { putEvents } from '../../../lib/aws/eventbridge.ts';
import { invokeAsync } from '../../../lib/aws/lambda.ts';
import { getSecretValue } from '../../../lib/aws/secrets-manager.ts';
import { sendMessage } from '../../../lib/aws/sqs.ts';
import { createAwsResources } from '../../helpers/aws-resources.ts';
import { type Moto, startMoto } from '../../helpers/moto.ts';

const inTime = () => AbortSignal.timeout(10_000);
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

describe('lib/aws against moto, signatures checked', () => {
  let moto: Moto;
  let aws: Awaited<ReturnType<typeof createAwsResources>>;
  let client: AwsClient;

  beforeAll(async () => {
    moto = await startMoto();
    aws = await createAwsResources(moto);
    await aws.enforceSignatures();
    // The deployed client, but for its configuration.
    client = createAwsClient({
      config: readAwsConfig({
        AWS_REGION: aws.region,
        AWS_ACCESS_KEY_ID: aws.caller.accessKeyId,
        AWS_SECRET_ACCESS_KEY: aws.caller.secretAccessKey,
        AWS_ENDPOINT_URL: moto.url,
      }),
    });
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('reads a secret', async () => {
    // Act
    const { SecretString } = await getSecretValue(client, { SecretId: aws.secretArn }, inTime());

    // Assess
    expect(SecretString).toBe(aws.secretString);
  });

  it('puts, gets, updates and deletes a record', async () => {
    // Prepare
    const TableName = aws.table.tableName;
    const Key = { id: { S: 'round-trip' } };

    // Act
    await putItem(client, { TableName, Item: { ...Key, status: { S: 'IN_PROGRESS' } } }, inTime());
    const put = await getItem(client, { TableName, Key, ConsistentRead: true }, inTime());
    await updateItem(
      client,
      {
        TableName,
        Key,
        UpdateExpression: 'SET #status = :done',
        ConditionExpression: '#status = :running',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':done': { S: 'COMPLETED' },
          ':running': { S: 'IN_PROGRESS' },
        },
      },
      inTime(),
    );
    const updated = await getItem(client, { TableName, Key, ConsistentRead: true }, inTime());
    await deleteItem(client, { TableName, Key }, inTime());
    const deleted = await getItem(client, { TableName, Key, ConsistentRead: true }, inTime());

    // Assess
    expect(put.Item).toEqual({ id: { S: 'round-trip' }, status: { S: 'IN_PROGRESS' } });
    expect(updated.Item).toEqual({ id: { S: 'round-trip' }, status: { S: 'COMPLETED' } });
    expect(deleted.Item).toBeUndefined();
  });

  it('hands back the record a failed condition found (ALL_OLD)', async () => {
    // Prepare
    const TableName = aws.table.tableName;
    const held = { id: { S: 'held' }, claim_id: { S: 'first' }, created_at: { N: '1' } };
    await putItem(client, { TableName, Item: held }, inTime());

    // Act
    const error = await rejection(
      putItem(
        client,
        {
          TableName,
          Item: { id: { S: 'held' }, claim_id: { S: 'second' } },
          ConditionExpression: 'attribute_not_exists(id)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
        inTime(),
      ),
    );

    // Assess
    expect(error).toMatchObject({
      name: 'ConditionalCheckFailedException',
      service: 'dynamodb',
      call: 'PutItem',
      sent: 'answered',
    });
    expect(failedCondition(error)).toEqual({ Item: held });
  });

  it('publishes an event on a bus, where its rule picks it up', async () => {
    // Prepare
    const detail = { result: 'succeeded', correlation_id: 'wf-1' };

    // Act
    await putEvents(
      client,
      {
        Entries: [
          {
            EventBusName: aws.busName,
            Source: 'bcs-offboard',
            DetailType: 'BCS Offboarding Succeeded',
            Detail: JSON.stringify(detail),
          },
        ],
      },
      inTime(),
    );

    // Assess
    expect(await aws.outcomes.outcomes()).toEqual([
      expect.objectContaining({ 'detail-type': 'BCS Offboarding Succeeded', detail }),
    ]);
  });

  it('fails to publish on a bus that does not exist', async () => {
    // Act
    const error = await rejection(
      putEvents(
        client,
        {
          Entries: [
            { EventBusName: 'gone', Source: 'bcs-offboard', DetailType: 'x', Detail: '{}' },
          ],
        },
        inTime(),
      ),
    );

    // Assess
    expect(error).toMatchObject({ service: 'events', call: 'PutEvents', sent: 'answered' });
    expect(error.name).toMatch(/NotFound/);
  });

  it('sends a message with attributes to a standard queue', async () => {
    // Act
    const answer = await sendMessage(
      client,
      {
        QueueUrl: aws.queueUrl,
        MessageBody: '{"op":"quit"} – ünïcode',
        MessageAttributes: {
          failure_reason: { DataType: 'String', StringValue: 'BCS said no' },
          status: { DataType: 'Number', StringValue: '409' },
        },
      },
      inTime(),
    );

    // Assess
    expect(answer.MessageId).toEqual(expect.any(String));
    expect(await aws.messages(aws.queueUrl)).toEqual([
      {
        body: '{"op":"quit"} – ünïcode',
        attributes: { failure_reason: 'BCS said no', status: '409' },
        groupId: undefined,
      },
    ]);
  });

  it('sends a message to a FIFO queue, which keeps its group and deduplicates it', async () => {
    // Prepare
    const message = {
      QueueUrl: aws.fifoQueueUrl,
      MessageBody: 'redrive me',
      MessageGroupId: 'offboarding',
      MessageDeduplicationId: 'source-message-1',
      MessageAttributes: {
        source_message_id: { DataType: 'String', StringValue: 'source-message-1' },
      },
    };

    // Act
    const first = await sendMessage(client, message, inTime());
    await sendMessage(client, message, inTime());

    // Assess
    expect(first.SequenceNumber).toEqual(expect.any(String));
    expect(await aws.messages(aws.fifoQueueUrl)).toEqual([
      {
        body: 'redrive me',
        attributes: { source_message_id: 'source-message-1' },
        groupId: 'offboarding',
      },
    ]);
  });

  it('invokes a function asynchronously', async () => {
    // Act
    const invoking = invokeAsync(
      client,
      { FunctionName: aws.workerName, Payload: JSON.stringify({ command: 'help' }) },
      inTime(),
    );

    // Assess
    await expect(invoking).resolves.toBeUndefined();
  });

  it('is refused, once, when its signature is wrong', async () => {
    // Prepare
    let sent = 0;
    const forger = createAwsClient({
      config: readAwsConfig({
        AWS_REGION: aws.region,
        AWS_ACCESS_KEY_ID: aws.caller.accessKeyId,
        AWS_SECRET_ACCESS_KEY: `${aws.caller.secretAccessKey}x`,
        AWS_ENDPOINT_URL: moto.url,
      }),
      fetch: (url, init) => {
        sent += 1;
        return fetch(url, init);
      },
    });

    // Act
    const error = await rejection(getSecretValue(forger, { SecretId: aws.secretArn }, inTime()));

    // Assess
    expect(error).toMatchObject({ status: 403, sent: 'answered' });
    expect(sent).toBe(1);
  });
});
