/**
 * The bench's AWS stand-ins (bench/aws-stand-ins.ts) answer as AWS would the calls the
 * functions make, for the SDK and a `fetch` client alike, and count what each call leaves.
 * Signatures are not verified, but a call must be signed for the service it is addressed to.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsStandIns } from '../../bench/aws-stand-ins.ts';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bench-Ab12Cd';
let aws: Awaited<ReturnType<typeof startAwsStandIns>>;

beforeAll(async () => {
  aws = await startAwsStandIns({ secrets: { [SECRET_ARN]: 'the secret text' } });
});
afterAll(async () => {
  await aws.stop();
});

/** A SigV4 `authorization` header of the right shape for `service` (its signature unchecked). */
const signedFor = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=ASIABENCH/20261206/eu-west-1/${service}/aws4_request, ` +
  `SignedHeaders=content-type;host;x-amz-date, Signature=${'0'.repeat(64)}`;

const getSecretValue = (secretId: string, service = 'secretsmanager') =>
  fetch(aws.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'secretsmanager.GetSecretValue',
      authorization: signedFor(service),
    },
    body: JSON.stringify({ SecretId: secretId }),
  });

const invoke = (invocationType: string, payload: unknown) =>
  fetch(`${aws.url}/2015-03-31/functions/bench-worker/invocations`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-amz-invocation-type': invocationType,
      authorization: signedFor('lambda'),
    },
    body: JSON.stringify(payload),
  });

const sendMessage = (input: Record<string, unknown>) =>
  fetch(aws.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'AmazonSQS.SendMessage',
      authorization: signedFor('sqs'),
    },
    body: JSON.stringify(input),
  });

const putEvents = (detailType: string, detail: unknown) =>
  fetch(aws.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSEvents.PutEvents',
      authorization: signedFor('events'),
    },
    body: JSON.stringify({
      Entries: [
        {
          EventBusName: aws.env.OUTCOME_EVENT_BUS_NAME,
          Source: 'bcs-offboard',
          DetailType: detailType,
          Detail: JSON.stringify(detail),
        },
      ],
    }),
  });

/** The tracker's second look-up of an operation, as it queues it. */
const nextLookUp = (job: Record<string, unknown> = {}) =>
  JSON.stringify({ operation_id: 'BCSSVC01-06-1', attempt: 2, ...job });

describe('the AWS stand-ins of the bench', () => {
  it("hands over a secret's text, and counts the read", async () => {
    // Prepare
    const before = aws.counts().secretsRead;

    // Act
    const response = await getSecretValue(SECRET_ARN);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      ARN: SECRET_ARN,
      SecretString: 'the secret text',
    });
    expect(aws.counts().secretsRead - before).toBe(1);
  });

  it('answers ResourceNotFoundException for a secret it does not hold', async () => {
    // Act
    const response = await getSecretValue(`${SECRET_ARN}-other`);

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'ResourceNotFoundException' });
  });

  it('refuses a call signed for another service', async () => {
    // Act
    const response = await getSecretValue(SECRET_ARN, 'dynamodb');

    // Assess
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ __type: 'IncompleteSignatureException' });
  });

  it('queues an asynchronous invocation of the worker: 202, no body, one hand-over counted', async () => {
    // Prepare
    const before = aws.counts().invoked;

    // Act
    const response = await invoke('Event', { operation: 'remove-channel-orgs', response_url: 'x' });

    // Assess
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('');
    expect(aws.counts().invoked - before).toBe(1);
  });

  it('records a hand-over that is not a worker payload as a failure', async () => {
    // Prepare
    const failures = aws.failures.length;

    // Act
    const response = await invoke('Event', { hello: 'worker' });

    // Assess
    expect(response.status).toBe(202);
    expect(aws.failures.slice(failures)).toEqual([
      expect.stringContaining('[Lambda Invoke] not a worker payload'),
    ]);
  });

  it('refuses a synchronous invocation, which the functions never make', async () => {
    // Act
    const response = await invoke('RequestResponse', { operation: 'x', response_url: 'x' });

    // Assess
    expect(response.status).toBe(400);
  });

  it("counts a next look-up sent to the tracking queue, answering the body's MD5 as SQS does", async () => {
    // Prepare
    const before = aws.counts().queued;
    const body = nextLookUp();

    // Act
    const response = await sendMessage({
      QueueUrl: aws.env.TRACKING_QUEUE_URL,
      MessageBody: body,
      DelaySeconds: 10,
    });

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      MD5OfMessageBody: createHash('md5').update(body).digest('hex'),
    });
    expect(aws.counts().queued - before).toBe(1);
  });

  it.each([
    ['not delayed', { MessageBody: nextLookUp(), DelaySeconds: 0 }],
    ['a first look-up', { MessageBody: nextLookUp({ attempt: 1 }), DelaySeconds: 10 }],
    ['no tracking job', { MessageBody: 'hello', DelaySeconds: 10 }],
  ])(
    'records a message to the tracking queue that is %s as a failure, not a look-up',
    async (_, input) => {
      // Prepare
      const before = aws.counts().queued;
      const failures = aws.failures.length;

      // Act
      await sendMessage({ QueueUrl: aws.env.TRACKING_QUEUE_URL, ...input });

      // Assess
      expect(aws.counts().queued - before).toBe(0);
      expect(aws.failures.slice(failures)).toEqual([
        expect.stringContaining('[SQS tracking queue] not a next look-up'),
      ]);
    },
  );

  it('counts no look-up for a message to another queue (the dead-letter queue)', async () => {
    // Prepare
    const before = aws.counts().queued;

    // Act
    const response = await sendMessage({
      QueueUrl: aws.env.DEAD_LETTER_QUEUE_URL,
      MessageBody: nextLookUp(),
      DelaySeconds: 10,
    });

    // Assess
    expect(response.status).toBe(200);
    expect(aws.counts().queued - before).toBe(0);
  });

  it('counts the end of a finished operation; an end that is not finished is a failure', async () => {
    // Prepare
    const before = aws.counts().ended;
    const failures = aws.failures.length;

    // Act
    await putEvents('BCS Offboarding Ended', { operation_status: 'finished', ended_by: 'bcs' });
    await putEvents('BCS Offboarding Ended', { operation_status: 'unknown', ended_by: 'max-age' });

    // Assess
    expect(aws.counts().ended - before).toBe(1);
    expect(aws.failures.slice(failures)).toEqual([
      expect.stringContaining('[EventBridge] BCS Offboarding Ended: {"operation_status":"unknown"'),
    ]);
  });
});
