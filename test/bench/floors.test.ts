/**
 * The floors `npm run bench` compares the functions with must do the work they stand for, or
 * the comparison means nothing: each one built as the bench builds it (minified, one file) and
 * run here against the simulator and the bench's stand-ins of AWS and Slack, in both shapes
 * (secrets in the environment, secrets in Secrets Manager). And their bare SigV4 signer must
 * sign as AWS does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startAwsStandIns } from '../../bench/aws-stand-ins.ts';
import { benchSecrets, environmentOf, type Shape } from '../../bench/environment.ts';
import { authorization } from '../../bench/floor/aws.mjs';
import {
  bcsAnswers,
  benchTargets,
  type FloorKind,
  floorTargets,
  INVOCATION,
  RECORDED_OPERATION_ID,
} from '../../bench/functions.ts';
import { startResponseUrlStandIn } from '../../bench/response-url-stand-in.ts';
import { buildFloor } from '../../bench/targets.ts';
import { type Simulator, startSimulator } from '../../simulator/index.ts';
import { lambdaContext } from '../helpers/lambda-context.ts';
import { slackCommandEvent } from '../helpers/slack.ts';

let sim: Simulator;
let aws: Awaited<ReturnType<typeof startAwsStandIns>>;
let slack: Awaited<ReturnType<typeof startResponseUrlStandIn>>;
let workDir: string;
let instances = 0;

beforeAll(async () => {
  sim = await startSimulator();
  aws = await startAwsStandIns({ secrets: benchSecrets() });
  slack = await startResponseUrlStandIn();
  workDir = await mkdtemp(join(tmpdir(), 'bcs-offboard-floors-'));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await sim.stop();
  await aws.stop();
  await slack.stop();
  await rm(workDir, { recursive: true, force: true });
});
beforeEach(() => {
  sim.reset();
  for (const fault of bcsAnswers) sim.inject(fault);
});

// biome-ignore lint/suspicious/noExplicitAny: a floor takes and answers plain Lambda JSON.
type FloorHandler = (event: any, context: ReturnType<typeof lambdaContext>) => Promise<any>;

/**
 * A floor as the bench measures it, in a new container (its own caches), its environment
 * that of `shape`.
 */
const coldFloor = async (kind: FloorKind, shape: Shape): Promise<FloorHandler> => {
  vi.unstubAllEnvs();
  const env = environmentOf(shape, { sim, awsEnv: aws.env, responseUrlHost: slack.host });
  for (const name of ['HUAWEICLOUD_CREDENTIALS_SECRET', 'SLACK_SIGNING_SECRET_ARN']) {
    vi.stubEnv(name, undefined);
  }
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  instances += 1;
  const { bundle } = await buildFloor(kind, join(workDir, String(instances)));
  const module = (await import(`${pathToFileURL(bundle).href}?instance=${instances}`)) as {
    handler: FloorHandler;
  };
  return module.handler;
};

/** An event as the measured process gets it: the invocation's own id in place. */
const eventOf = (kind: FloorKind | string, id: string) => {
  const target = floorTargets[kind as FloorKind] ?? benchTargets[kind];
  const event = target?.event({ responseUrl: slack.url('bench') });
  return JSON.parse(JSON.stringify(event).replaceAll(INVOCATION, id));
};
const bcsPuts = () => sim.requests.filter((request) => request.service === 'bcs');
/** The ListOpRecord requests BCS received, as path and query. */
const recordReads = () =>
  sim.requests
    .filter((request) => request.method === 'GET' && request.path.includes('/operation/record'))
    .map((request) => request.path);
const effects = () => ({ ...aws.counts(), posted: slack.succeeded() });
/** What each effect grew by since `before`. */
const grown = (before: ReturnType<typeof effects>) => {
  const now = effects();
  return Object.fromEntries(
    Object.entries(now).map(([name, value]) => [name, value - before[name as keyof typeof now]]),
  );
};

describe('the floors of the benchmark', () => {
  it('http: signs in once and sends the PUT, answering what BCS answered', async () => {
    // Prepare
    const handler = await coldFloor('http', 'local');

    // Act
    const first = await handler(eventOf('http', '1'), lambdaContext());
    const second = await handler(eventOf('http', '2'), lambdaContext());

    // Assess
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(sim.signInCount()).toBe(1);
    expect(bcsPuts()).toHaveLength(2);
  });

  it('http, deployed: reads the credentials from Secrets Manager once, then signs in with them', async () => {
    // Prepare
    const handler = await coldFloor('http', 'deployed');
    const before = effects();

    // Act
    const first = await handler(eventOf('http', '1'), lambdaContext());
    const second = await handler(eventOf('http', '2'), lambdaContext());

    // Assess
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(effects().secretsRead - before.secretsRead).toBe(1);
    expect(sim.signInCount()).toBe(1);
    expect(bcsPuts()).toHaveLength(2);
  });

  it('event, deployed: claims, sends the PUT, records and publishes a success, for EventBridge and SQS', async () => {
    // Prepare
    const handler = await coldFloor('event', 'deployed');
    const before = effects();

    // Act
    const fromEventBridge = await handler(eventOf('event', 'a'), lambdaContext());
    const fromSqs = await handler(eventOf('sqs-offboard', 'b'), lambdaContext());

    // Assess
    expect(fromEventBridge).toBeUndefined();
    expect(fromSqs).toEqual({ batchItemFailures: [] });
    expect(bcsPuts()).toHaveLength(2);
    expect(effects().published - before.published).toBe(2);
    expect(effects().secretsRead - before.secretsRead).toBe(1);
    expect(aws.failures).toEqual([]);
  });

  it('event: refuses a request already claimed, as the claim is conditional', async () => {
    // Prepare
    const handler = await coldFloor('event', 'local');
    const event = eventOf('event', 'twice');
    await handler(event, lambdaContext());

    // Act
    const again = handler(event, lambdaContext());

    // Assess
    await expect(again).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect(bcsPuts()).toHaveLength(1);
  });

  it('slack-command, deployed: checks the signature with the secret read once, hands over to the worker and acknowledges', async () => {
    // Prepare
    const handler = await coldFloor('slack-command', 'deployed');
    const before = effects();

    // Act
    const first = await handler(eventOf('slack-command', '1'), lambdaContext());
    const second = await handler(eventOf('slack-command', '2'), lambdaContext());

    // Assess
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(effects().invoked - before.invoked).toBe(2);
    expect(effects().secretsRead - before.secretsRead).toBe(1);
    expect(aws.failures).toEqual([]);
  });

  it('slack-command: refuses a request signed with another secret, handing nothing over', async () => {
    // Prepare
    const handler = await coldFloor('slack-command', 'local');
    const forged = slackCommandEvent({
      text: 'remove-orgs channel=channel orgs=org3',
      secret: 'not-the-signing-secret',
    });
    const before = effects();

    // Act
    const answer = await handler(forged, lambdaContext());

    // Assess
    expect(answer.statusCode).toBe(401);
    expect(effects().invoked - before.invoked).toBe(0);
  });

  it('slack-worker, deployed: claims, sends the PUT, records and posts the success to response_url', async () => {
    // Prepare
    const handler = await coldFloor('slack-worker', 'deployed');
    const before = effects();

    // Act
    await handler(eventOf('slack-worker', '1'), lambdaContext());
    await handler(eventOf('slack-worker', '2'), lambdaContext());

    // Assess
    expect(bcsPuts()).toHaveLength(2);
    expect(sim.signInCount()).toBe(1);
    expect(effects().posted - before.posted).toBe(2);
    expect(effects().secretsRead - before.secretsRead).toBe(1);
    expect(slack.failures).toEqual([]);
  });
});

describe('the floors of the ListOpRecord functions', () => {
  it("http-get, deployed: reads the credentials once, signs in once and answers BCS's record as sent", async () => {
    // Prepare
    const handler = await coldFloor('http-get', 'deployed');
    const before = effects();

    // Act
    const first = await handler(eventOf('http-get', '1'), lambdaContext());
    const second = await handler(eventOf('http-get', '2'), lambdaContext());

    // Assess
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(JSON.parse(first.body)).toMatchObject({
      count: 1,
      operation_records: [{ operation_id: RECORDED_OPERATION_ID, operation_status: 'finished' }],
    });
    // The nanosecond step times, beyond 2^53, passed on as BCS wrote them.
    expect(first.body).toContain('"start_time":1624275287218943067');
    expect(recordReads()).toEqual(
      Array(2).fill(expect.stringMatching(`\\?operation_id=${RECORDED_OPERATION_ID}$`)),
    );
    expect(sim.signInCount()).toBe(1);
    expect(grown(before).secretsRead).toBe(1);
  });

  it("slack-status, deployed: signs in once, reads the operation's record and posts its finished status to response_url", async () => {
    // Prepare
    const handler = await coldFloor('slack-status', 'deployed');
    const before = effects();
    const failedBefore = slack.failures.length;

    // Act
    const first = await handler(eventOf('slack-status', '1'), lambdaContext());
    const second = await handler(eventOf('slack-status', '2'), lambdaContext());

    // Assess
    expect([first, second]).toEqual([undefined, undefined]);
    expect(recordReads()).toHaveLength(2);
    expect(sim.signInCount()).toBe(1);
    expect(grown(before)).toMatchObject({ posted: 2, secretsRead: 1 });
    expect(slack.failures.slice(failedBefore)).toEqual([]);
  });

  it('operation-tracker, deployed: claims each look-up, reads ListOpRecord and queues the next look-up, delayed', async () => {
    // Prepare
    const handler = await coldFloor('operation-tracker', 'deployed');
    const before = effects();
    const failedBefore = aws.failures.length;

    // Act
    const first = await handler(eventOf('operation-tracker', '1'), lambdaContext());
    const second = await handler(eventOf('operation-tracker', '2'), lambdaContext());

    // Assess
    expect([first, second]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(recordReads()).toEqual([
      expect.stringMatching(/\?operation_id=BCSSVC01-06-bench-1$/),
      expect.stringMatching(/\?operation_id=BCSSVC01-06-bench-2$/),
    ]);
    expect(sim.signInCount()).toBe(1);
    expect(grown(before)).toMatchObject({ queued: 2, ended: 0, published: 0, secretsRead: 1 });
    expect(aws.failures.slice(failedBefore)).toEqual([]);
  });

  it('operation-tracker: publishes the end of a finished operation, and queues nothing', async () => {
    // Prepare
    const handler = await coldFloor('operation-tracker', 'local');
    const event = eventOf('operation-tracker', 'finished');
    const record = event.Records[0];
    record.body = JSON.stringify({
      ...JSON.parse(record.body),
      operation_id: RECORDED_OPERATION_ID,
    });
    const before = effects();
    const failedBefore = aws.failures.length;

    // Act
    const answer = await handler(event, lambdaContext());

    // Assess
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(grown(before)).toMatchObject({ ended: 1, queued: 0 });
    expect(aws.failures.slice(failedBefore)).toEqual([]);
  });

  it('operation-tracker: refuses a look-up already claimed, as the claim is conditional', async () => {
    // Prepare
    const handler = await coldFloor('operation-tracker', 'local');
    const event = eventOf('operation-tracker', 'twice');
    await handler(event, lambdaContext());
    const before = effects();

    // Act
    const again = handler(event, lambdaContext());

    // Assess
    await expect(again).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect(recordReads()).toHaveLength(1);
    expect(grown(before).queued).toBe(0);
  });
});

describe("the floors' bare SigV4 signer", () => {
  const credentials = {
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  };

  it('signs post-vanilla of the AWS SigV4 test suite as the suite expects', () => {
    // Prepare
    const request = {
      method: 'POST',
      url: new URL('https://example.amazonaws.com/'),
      headers: { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z' },
      body: '',
    };

    // Act
    const header = authorization(request, {
      ...credentials,
      region: 'us-east-1',
      service: 'service',
    });

    // Assess
    expect(header).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ' +
        'SignedHeaders=host;x-amz-date, ' +
        'Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b',
    );
  });

  it("signs a Lambda Invoke of a qualified name as the AWS SDK's signer does (the path encoded twice)", () => {
    // Prepare
    // The expected signature is what @smithy/signature-v4 (AWS SDK v3) gives this request.
    const request = {
      method: 'POST',
      url: new URL('http://127.0.0.1:8080/2015-03-31/functions/my%3Afn/invocations'),
      headers: {
        host: '127.0.0.1:8080',
        'content-type': 'application/json',
        'x-amz-content-sha256': '015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862',
        'x-amz-date': '20261206T030000Z',
        'x-amz-invocation-type': 'Event',
        'x-amz-security-token': 'tok',
      },
      body: '{"a":1}',
    };

    // Act
    const header = authorization(request, {
      ...credentials,
      region: 'us-east-1',
      service: 'lambda',
    });

    // Assess
    expect(header).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261206/us-east-1/lambda/aws4_request, ' +
        'SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-invocation-type;' +
        'x-amz-security-token, ' +
        'Signature=fe47a29d4ec2b6095e47a504b1b5df77a37e120348a2476a7baf2eafa64e2313',
    );
  });
});
