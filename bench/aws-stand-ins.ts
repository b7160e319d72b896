/**
 * The AWS services the functions and the floors call, on loopback in the bench's own process:
 * the idempotency table (DynamoDB, in memory), the outcome bus (EventBridge), the dead-letter
 * and tracking queues (SQS), Secrets Manager (the secrets it is given) and Lambda's
 * asynchronous Invoke (the Slack worker's hand-over: recorded, not run). They speak the
 * protocols of aws-calls.md ("The calls on the wire"), so that the AWS SDK and a `fetch`
 * client alike can talk to them. They verify no signature, but refuse a call that is not
 * signed for the service it is addressed to. What the calls leave behind is counted, so that
 * a run can tell that each invocation did its work.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AwsServiceAnswer, answerAwsCall } from '../scripts/local-aws-services.ts';
import { localIdempotencyTable } from '../scripts/local-idempotency-table.ts';

/** Lambda's Invoke: `POST /2015-03-31/functions/{FunctionName}/invocations`. */
const INVOKE_PATH = /^\/2015-03-31\/functions\/[^/]+\/invocations$/;

/** The signing name of the service an `X-Amz-Target` is addressed to. */
const SERVICE_OF_TARGET: [prefix: string, service: string][] = [
  ['DynamoDB_20120810.', 'dynamodb'],
  ['AWSEvents.', 'events'],
  ['AmazonSQS.', 'sqs'],
  ['secretsmanager.', 'secretsmanager'],
];

const json = (status: number, value: unknown, contentType = 'application/x-amz-json-1.1') => ({
  status,
  headers: { 'content-type': contentType, 'x-amzn-requestid': randomUUID() },
  body: JSON.stringify(value),
});

/** Is `authorization` a SigV4 header whose credential scope names `service`? */
const signedFor = (authorization: string | undefined, service: string) =>
  new RegExp(
    `^AWS4-HMAC-SHA256 Credential=[^/]+/\\d{8}/[a-z0-9-]+/${service}/aws4_request, ?` +
      'SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}$',
  ).test(authorization ?? '');

/** Secrets Manager's `GetSecretValue`, for the secrets of `secrets` (by ARN). */
const secretAnswer = (secrets: Record<string, string>, body: string): AwsServiceAnswer => {
  const { SecretId = '' } = JSON.parse(body) as { SecretId?: string };
  const secret = secrets[SecretId];
  if (secret === undefined) {
    return json(400, {
      __type: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
    });
  }
  return json(200, {
    ARN: SecretId,
    Name: SecretId.split(':').at(-1),
    VersionId: '00000000-0000-4000-8000-000000000001',
    SecretString: secret,
    VersionStages: ['AWSCURRENT'],
    CreatedDate: 1_764_979_200,
  });
};

/** The tracking queue's path on the stand-ins (its URL is `TRACKING_QUEUE_URL`). */
const TRACKING_QUEUE_PATH = '/123456789012/bcs-offboard-bench-tracking';

/**
 * Why a `SendMessage` to the tracking queue is no next look-up of an operation (its body a
 * tracking job whose `attempt` is at least 2, held back 1 to 900 s), or `undefined` if it is one.
 */
const notALookUp = ({
  MessageBody,
  DelaySeconds,
}: {
  MessageBody?: unknown;
  DelaySeconds?: unknown;
}): string | undefined => {
  const job = parsedOrUndefined(String(MessageBody)) as
    | { operation_id?: unknown; attempt?: unknown }
    | null
    | undefined;
  if (typeof job?.operation_id !== 'string') return 'its body names no operation';
  const { attempt } = job;
  if (typeof attempt !== 'number' || !Number.isSafeInteger(attempt) || attempt < 2) {
    return 'its body is no look-up after the first';
  }
  const delay = DelaySeconds;
  if (typeof delay !== 'number' || !Number.isSafeInteger(delay) || delay < 1 || delay > 900) {
    return 'it is not delayed 1 to 900 s';
  }
  return undefined;
};

/**
 * Starts the stand-ins on 127.0.0.1 (any free port). `secrets` maps a secret's ARN to its
 * text (`SecretString`).
 *
 * @example
 * ```ts
 * const aws = await startAwsStandIns({ secrets: { [arn]: '{"domain_name":"d",...}' } });
 * spawn(node, [child], { env: { ...aws.env } });
 * ```
 */
export const startAwsStandIns = async ({
  secrets = {},
}: {
  secrets?: Record<string, string>;
} = {}) => {
  const table = localIdempotencyTable();
  /**
   * What was not a success: each outcome published as a failure, each end that is not
   * `finished`, each malformed hand-over or look-up.
   */
  const failures: string[] = [];
  const counts = { published: 0, invoked: 0, queued: 0, ended: 0, secretsRead: 0 };
  const ENDED = '[EventBridge] BCS Offboarding Ended: ';
  const keep = (line: string) => {
    if (line.startsWith('[EventBridge] BCS Offboarding Succeeded:')) counts.published += 1;
    else if (line.startsWith(ENDED) && endedAsFinished(line.slice(ENDED.length))) counts.ended += 1;
    else if (line.startsWith('[EventBridge]')) failures.push(line);
  };
  /** The tracker's next look-up, sent to the tracking queue: counted, answered as SQS does. */
  const queue = (body: string): AwsServiceAnswer => {
    const message = JSON.parse(body) as { MessageBody?: unknown; DelaySeconds?: unknown };
    const wrong = notALookUp(message);
    if (wrong === undefined) counts.queued += 1;
    else failures.push(`[SQS tracking queue] not a next look-up (${wrong}): ${body.slice(0, 200)}`);
    const md5 = createHash('md5')
      .update(String(message.MessageBody ?? ''))
      .digest('hex');
    return json(
      200,
      { MessageId: randomUUID(), MD5OfMessageBody: md5 },
      'application/x-amz-json-1.0',
    );
  };
  /** Lambda's asynchronous Invoke: 202, the payload kept as a hand-over to the worker. */
  const invoke = (headers: IncomingHttpHeaders, body: string): AwsServiceAnswer => {
    if (headers['x-amz-invocation-type'] !== 'Event') {
      return json(400, { Type: 'User', message: 'only asynchronous invocations (Event)' });
    }
    const payload = JSON.parse(body || 'null') as { operation?: unknown; response_url?: unknown };
    if (typeof payload?.operation === 'string' && typeof payload.response_url === 'string') {
      counts.invoked += 1;
    } else {
      failures.push(`[Lambda Invoke] not a worker payload: ${body.slice(0, 200)}`);
    }
    return { status: 202, headers: { 'x-amzn-requestid': randomUUID() }, body: '' };
  };
  const answer = (path: string, headers: IncomingHttpHeaders, body: string) => {
    const target = String(headers['x-amz-target'] ?? '');
    const service = INVOKE_PATH.test(path)
      ? 'lambda'
      : SERVICE_OF_TARGET.find(([prefix]) => target.startsWith(prefix))?.[1];
    if (service === undefined) return json(400, { __type: 'UnknownOperationException' });
    if (!signedFor(headers.authorization, service)) {
      return json(403, {
        __type: 'IncompleteSignatureException',
        message: `not signed for ${service} (SigV4)`,
      });
    }
    if (service === 'lambda') return invoke(headers, body);
    if (service === 'secretsmanager') {
      counts.secretsRead += 1;
      return secretAnswer(secrets, body);
    }
    if (target === 'AmazonSQS.SendMessage' && sentTo(body) === trackingQueueUrl()) {
      return queue(body);
    }
    return table.answer(target, body) ?? answerAwsCall(target, body, keep);
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const reply =
      answer(
        new URL(req.url ?? '/', 'http://stand-in').pathname,
        req.headers,
        Buffer.concat(chunks).toString('utf8'),
      ) ?? json(400, { __type: 'UnknownOperationException' });
    res.writeHead(reply.status, reply.headers).end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const trackingQueueUrl = () => `${url}${TRACKING_QUEUE_PATH}`;
  return {
    url,
    /**
     * What a measured process needs to reach them: the credentials a Lambda container gets
     * (only signed with, never checked), an endpoint per service, and the resources' names.
     */
    env: {
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'ASIABENCHBENCHBENCH00',
      AWS_SECRET_ACCESS_KEY: 'bench-secret-access-key-0123456789abcdefgh',
      AWS_SESSION_TOKEN: 'bench-session-token',
      AWS_ENDPOINT_URL_DYNAMODB: url,
      AWS_ENDPOINT_URL_EVENTBRIDGE: url,
      AWS_ENDPOINT_URL_SQS: url,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: url,
      AWS_ENDPOINT_URL_LAMBDA: url,
      IDEMPOTENCY_TABLE_NAME: 'bcs-offboard-bench-idempotency',
      OUTCOME_EVENT_BUS_NAME: 'bcs-offboard-bench-outcomes',
      DEAD_LETTER_QUEUE_URL: `${url}/123456789012/bcs-offboard-bench-dead-letters`,
      TRACKING_QUEUE_URL: trackingQueueUrl(),
    },
    failures,
    /**
     * Outcomes published as a success, worker hand-overs, next look-ups queued, ends of
     * finished operations published, secrets read, so far.
     */
    counts: () => ({ ...counts }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

/** `text` parsed as JSON, or `undefined` when it is not JSON. */
const parsedOrUndefined = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** The `QueueUrl` of a `SendMessage` body, if it has one. */
const sentTo = (body: string): unknown =>
  (parsedOrUndefined(body) as { QueueUrl?: unknown } | null | undefined)?.QueueUrl;

/** Is `detail` the detail of an end event saying the operation `finished`? */
const endedAsFinished = (detail: string): boolean =>
  (parsedOrUndefined(detail) as { operation_status?: unknown } | null | undefined)
    ?.operation_status === 'finished';
