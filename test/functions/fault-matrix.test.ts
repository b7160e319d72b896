/**
 * The fault matrix: every way BCS, IAM or AWS Secrets Manager can misbehave, one row each,
 * driven through the real bundles against the embedded simulator told to misbehave. Each row
 * says what the caller gets, how many requests reached IAM and BCS (what is retried, and how
 * often) and exactly which line is logged; docs/fault-matrix.md is this table in words.
 * Every row runs through the HTTP and the SQS functions; a representative subset through the
 * EventBridge function too, and a few through the Slack command and its worker.
 *
 * The run uses distinctive secrets, new each time, and keeps everything the functions wrote or
 * answered: the last block sweeps it all for those secrets.
 */
import { randomBytes } from 'node:crypto';
import {
  CreateSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { levelOfStatus } from '../../lib/logging/log.ts';
import { startLocalGateway } from '../../scripts/local-gateway.ts';
import { defaultSeed, type Fault, type Simulator, startSimulator } from '../../simulator/index.ts';
import { eventBridgeEvent, sqsEvent, sqsRecord } from '../helpers/aws-events.ts';
import { createOutcomeInfrastructure } from '../helpers/aws-queues.ts';
import { type Handler, loadBundle, simulatorEnv } from '../helpers/bundles.ts';
import { callerToken } from '../helpers/caller-token.ts';
import { closedPort } from '../helpers/closed-port.ts';
import { iamAuthorizer, quitConsortiumEvent, removeChannelOrgsEvent } from '../helpers/events.ts';
import { createIdempotencyTable } from '../helpers/idempotency-table.ts';
import { lambdaContext } from '../helpers/lambda-context.ts';
import { allOutput, takeLogs } from '../helpers/log-capture.ts';
import { type Moto, startMoto } from '../helpers/moto.ts';
import { type Exhibit, exhibitText, findLeaks, type Secret } from '../helpers/secret-sweep.ts';
import {
  ALLOWED_TEAM,
  ALLOWED_USER,
  type ResponseSink,
  slackCommandEvent,
  slackEnv,
  startResponseSink,
} from '../helpers/slack.ts';

type Env = Record<string, string | undefined>;

const { demo } = defaultSeed;
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** Distinctive secrets, new on every run: the sweep cannot pass by chance. */
const SECRETS = {
  password: `Hw-${hex(12)}`,
  wrongPassword: `Wrong-${hex(12)}`,
  slackSigningSecret: `slack-${hex(16)}`,
  awsAccessKeyId: `AKIA${hex(8).toUpperCase()}`,
  awsSecretAccessKey: hex(20),
  refusedCallerToken: `MIIrefused${hex(24)}`,
  invalidCallerToken: `MIIinvalid${hex(24)}`,
  accessKeySecret: `Sk${hex(20)}`,
  temporaryAccessKeySecret: `TmpSk${hex(20)}`,
  securityToken: `gQpjbi1ub3J0aC00${hex(40)}`,
  wrongAccessKeySecret: `WrongSk${hex(20)}`,
  /** The access key the HTTP caller signed with, in the IAM authorizer's context. */
  callerAccessKeyId: `ASIA${hex(8).toUpperCase()}`,
};
/** The demo user's access keys in this run: ids as seeded, secrets of this run. */
const ACCESS_KEY = { access: demo.accessKey.access, secret: SECRETS.accessKeySecret };
const TEMPORARY_KEY = {
  access: demo.temporaryAccessKey.access,
  secret: SECRETS.temporaryAccessKeySecret,
  securityToken: SECRETS.securityToken,
};
const ACCESS_KEY_SECRET = 'bcs-offboard/huawei-access-key';
const CREDENTIALS_SECRET = 'bcs-offboard/huawei';
const MALFORMED_SECRET = 'bcs-offboard/huawei-malformed';

/** Lambda's time left for the rows that time out: the deadline fires after 1.5 s. */
const SHORT_MS = 2500;

// ---------------------------------------------------------------------------------------------
// What the secrets sweep searches, kept over the whole run

/** Every response, Slack post, outcome event and dead-lettered message of the run. */
const exhibits: Exhibit[] = [];
/** Every IAM token the simulator issued over the run (it forgets them on reset). */
const issuedTokens = new Set<string>();
/** `<bundle>: <fault>` for every row run, to prove the sweep covered the whole matrix. */
const ran = new Set<string>();

function keep<T>(where: string, value: T): T {
  const values: unknown[] = Array.isArray(value) ? value : [value];
  for (const item of values) exhibits.push({ where, text: exhibitText(item) });
  return value;
}

function harvestTokens(): void {
  for (const token of sim.issuedTokens()) issuedTokens.add(token);
}

// ---------------------------------------------------------------------------------------------
// The simulator, AWS in moto, a response_url sink and the local Lambda Invoke for Slack

let sim: Simulator;
let moto: Moto;
let aws: Awaited<ReturnType<typeof createOutcomeInfrastructure>>;
let table: Awaited<ReturnType<typeof createIdempotencyTable>>;
let sink: ResponseSink;
let gateway: Awaited<ReturnType<typeof startLocalGateway>>;

beforeAll(async () => {
  const seed = structuredClone(defaultSeed);
  for (const user of seed.accounts.flatMap((account) => account.users)) {
    if (user.name !== demo.userName) continue;
    user.password = SECRETS.password;
    user.accessKeys = [ACCESS_KEY, TEMPORARY_KEY];
  }
  [sim, moto, sink] = await Promise.all([
    startSimulator({ seed }),
    startMoto(),
    startResponseSink(),
  ]);
  [aws, table] = await Promise.all([
    createOutcomeInfrastructure(moto),
    createIdempotencyTable(moto),
    createCredentialsSecrets(moto),
  ]);
  gateway = await startLocalGateway({ routes: [], load: (name) => loadBundle(name) });
});
afterAll(async () => {
  await gateway?.close();
  await Promise.all([sim?.stop(), moto?.stop(), sink?.stop()]);
});
beforeEach(async () => {
  harvestTokens();
  sim.reset();
  keep('response_url', sink.posts.splice(0));
  sink.clear();
  keep('outcome event', await aws.outcomes());
  keep('dead-letter message', await aws.deadLetters());
  await table.clear();
  takeLogs();
});

/** The functions' environment: the simulator, the secrets of this run, AWS in moto. */
const functionEnv = (overrides: Env = {}): Env => ({
  ...simulatorEnv(sim),
  HUAWEICLOUD_PASSWORD: SECRETS.password,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: SECRETS.awsAccessKeyId,
  AWS_SECRET_ACCESS_KEY: SECRETS.awsSecretAccessKey,
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
  AWS_ENDPOINT_URL: moto.url,
  AWS_ENDPOINT_URL_SECRETS_MANAGER: undefined,
  OUTCOME_EVENT_BUS_NAME: aws.busName,
  DEAD_LETTER_QUEUE_URL: aws.deadLetterQueueUrl,
  IDEMPOTENCY_TABLE_NAME: table.tableName,
  ...overrides,
});

const createCredentialsSecrets = async ({ url }: Moto) => {
  const secrets = new SecretsManagerClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  const credentials = `{"domain_name": "${demo.domainName}", "user_name": "${demo.userName}", "password": "${SECRETS.password}"`;
  await secrets.send(
    new CreateSecretCommand({ Name: CREDENTIALS_SECRET, SecretString: `${credentials}}` }),
  );
  // Cut before its closing brace: not JSON, but the password is in it all the same.
  await secrets.send(
    new CreateSecretCommand({ Name: MALFORMED_SECRET, SecretString: credentials }),
  );
  await secrets.send(
    new CreateSecretCommand({ Name: ACCESS_KEY_SECRET, SecretString: accessKeySecret() }),
  );
};

/** The access-key secret's text: the key of this run, or another secret key in its place. */
const accessKeySecret = (sk: string = ACCESS_KEY.secret) =>
  JSON.stringify({ ak: ACCESS_KEY.access, sk });

/** Puts a new version of the access-key secret, as a rotation would. */
const rotateAccessKeySecret = async ({ url }: Moto, text: string) => {
  const secrets = new SecretsManagerClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  await secrets.send(
    new PutSecretValueCommand({ SecretId: ACCESS_KEY_SECRET, SecretString: text }),
  );
};

// ---------------------------------------------------------------------------------------------
// The rows

/** What an SQS message or an EventBridge event becomes (see docs/callers.md, Events). */
type Outcome = 'succeeded' | 'retryable' | 'final' | 'may have been applied';

interface FaultRow {
  /** What goes wrong, read after "when": the tests' names and the rows of docs/fault-matrix.md. */
  fault: string;
  /** The function's environment for the fault (a closed port, a secret), read when it loads. */
  environment?: () => Promise<Env>;
  /** Tells the simulator to misbehave, just before the call. */
  misbehave?: () => void;
  /** A first call succeeds before `misbehave` (the token dies between two calls). */
  afterAFirstCall?: true;
  /** Lambda's time left when the call starts; default 10 s. */
  remainingMs?: number;
  /** HTTP status and `error_code` the caller gets (`null`: success, an operation id). */
  answer: [status: number, errorCode: string | null];
  /** Words the caller's `error_msg` holds. */
  saying?: string;
  /** BCS's own error body, which the caller gets unchanged. */
  passedThrough?: string;
  /** Requests that reached the simulator's IAM and BCS (after the first call, if any). */
  reached: { iam: number; bcs: number };
  /** The one line the HTTP function logs. */
  logged: ['info' | 'warn' | 'error', 'bcs answered' | 'request failed'];
  outcome: Outcome;
  /** BCS refused our cached token and the call was made again: the line says so. */
  tokenRenewed?: true;
  /** Also run through the EventBridge function (every row runs through HTTP and SQS). */
  viaEventBridge?: true;
}

const inject = (fault: Fault) => () => sim.inject(fault);
const closedEndpoint = async () => `http://127.0.0.1:${await closedPort()}`;
const inSecretsManager = (secretId: string, overrides: Env = {}) => ({
  HUAWEICLOUD_CREDENTIALS_SECRET: secretId,
  HUAWEICLOUD_DOMAIN_NAME: undefined,
  HUAWEICLOUD_USER_NAME: undefined,
  HUAWEICLOUD_PASSWORD: undefined,
  ...overrides,
});
const once = { iam: 1, bcs: 1 };
/** BCS answers its own JSON error (the next `times` calls), which the caller gets unchanged. */
const bcsError = (status: number, code: string, message: string, times = 1) => {
  const body = JSON.stringify({ error_code: code, error_msg: message });
  return {
    misbehave: inject({ service: 'bcs', mode: 'status', status, body, times }),
    passedThrough: body,
  };
};
const NO_FAULT = 'nothing goes wrong';

const rows: FaultRow[] = [
  // BCS
  {
    fault: NO_FAULT,
    answer: [200, null],
    reached: once,
    logged: ['info', 'bcs answered'],
    outcome: 'succeeded',
    viaEventBridge: true,
  },
  {
    fault: 'BCS is slower than the time left',
    misbehave: inject({ service: 'bcs', mode: 'delay', delayMs: 5000 }),
    remainingMs: SHORT_MS,
    answer: [504, 'BCSGW.5040001'],
    reached: once,
    logged: ['error', 'request failed'],
    outcome: 'may have been applied',
  },
  {
    fault: 'BCS is slow, within the time left',
    misbehave: inject({ service: 'bcs', mode: 'delay', delayMs: 300 }),
    answer: [200, null],
    reached: once,
    logged: ['info', 'bcs answered'],
    outcome: 'succeeded',
  },
  {
    fault: 'BCS hangs',
    misbehave: inject({ service: 'bcs', mode: 'hang' }),
    remainingMs: SHORT_MS,
    answer: [504, 'BCSGW.5040001'],
    reached: once,
    logged: ['error', 'request failed'],
    outcome: 'may have been applied',
    viaEventBridge: true,
  },
  {
    fault: 'BCS resets the connection',
    misbehave: inject({ service: 'bcs', mode: 'reset' }),
    answer: [502, 'BCSGW.5020002'],
    reached: once,
    logged: ['error', 'request failed'],
    outcome: 'may have been applied',
    viaEventBridge: true,
  },
  {
    fault: 'BCS refuses the connection (nothing listens)',
    environment: async () => ({ BCS_ENDPOINT: await closedEndpoint() }),
    answer: [502, 'BCSGW.5020002'],
    reached: { iam: 1, bcs: 0 },
    logged: ['error', 'request failed'],
    outcome: 'retryable',
    viaEventBridge: true,
  },
  ...(
    [
      [429, 'BCS.4290429', 'Too Many Requests', 'warn', 'retryable'],
      [500, 'BCS.5000500', 'Internal Server Error', 'error', 'may have been applied'],
      [502, 'BCS.5020502', 'Bad Gateway', 'error', 'may have been applied'],
      [503, 'BCS.5030503', 'Service Unavailable', 'error', 'retryable'],
      [504, 'BCS.5040504', 'Gateway Timeout', 'error', 'may have been applied'],
    ] as const
  ).map(
    ([status, code, message, level, outcome]): FaultRow => ({
      fault: `BCS answers ${status} with its JSON error`,
      ...bcsError(status, code, message),
      answer: [status, code],
      reached: once,
      logged: [level, 'bcs answered'],
      outcome,
      ...(status === 502 || status === 504 ? {} : { viaEventBridge: true as const }),
    }),
  ),
  {
    fault: 'BCS answers 503 in plain text',
    misbehave: inject({
      service: 'bcs',
      mode: 'status',
      status: 503,
      body: 'upstream connect error or disconnect/reset before headers',
      headers: { 'Content-Type': 'text/plain' },
    }),
    answer: [502, 'BCSGW.5020003'],
    reached: once,
    logged: ['error', 'request failed'],
    outcome: 'may have been applied',
  },
  {
    fault: 'BCS answers 200 with a body that is not JSON',
    misbehave: inject({
      service: 'bcs',
      mode: 'status',
      status: 200,
      body: 'OK',
      headers: { 'Content-Type': 'text/plain' },
    }),
    answer: [502, 'BCSGW.5020003'],
    reached: once,
    logged: ['error', 'request failed'],
    outcome: 'may have been applied',
  },
  {
    fault: "BCS answers a gateway's HTML 502 page",
    misbehave: inject({ service: 'bcs', mode: 'garbage', status: 502 }),
    answer: [502, 'BCSGW.5020003'],
    reached: once,
    logged: ['error', 'request failed'],
    outcome: 'may have been applied',
    viaEventBridge: true,
  },
  // The token
  {
    fault: 'BCS refuses our token once (it died early)',
    misbehave: inject({ service: 'bcs', mode: 'status', status: 401 }),
    answer: [200, null],
    reached: { iam: 2, bcs: 2 },
    tokenRenewed: true,
    logged: ['info', 'bcs answered'],
    outcome: 'succeeded',
    viaEventBridge: true,
  },
  {
    fault: 'our token expires between two calls',
    afterAFirstCall: true,
    misbehave: () => sim.expireTokens(),
    answer: [200, null],
    reached: { iam: 1, bcs: 2 },
    tokenRenewed: true,
    logged: ['info', 'bcs answered'],
    outcome: 'succeeded',
    viaEventBridge: true,
  },
  {
    fault: 'BCS refuses our token twice',
    ...bcsError(401, 'BCS.4010401', 'Incorrect token or token resolution failed', 2),
    answer: [401, 'BCS.4010401'],
    reached: { iam: 2, bcs: 2 },
    tokenRenewed: true,
    logged: ['warn', 'bcs answered'],
    outcome: 'final',
  },
  // IAM
  {
    fault: 'IAM is slower than the time left',
    misbehave: inject({ service: 'iam', mode: 'delay', delayMs: 5000 }),
    remainingMs: SHORT_MS,
    answer: [504, 'BCSGW.5040002'],
    reached: { iam: 1, bcs: 0 },
    logged: ['error', 'request failed'],
    outcome: 'retryable',
  },
  {
    fault: 'IAM is slow, within the time left',
    misbehave: inject({ service: 'iam', mode: 'delay', delayMs: 300 }),
    answer: [200, null],
    reached: once,
    logged: ['info', 'bcs answered'],
    outcome: 'succeeded',
  },
  {
    fault: 'IAM hangs',
    misbehave: inject({ service: 'iam', mode: 'hang' }),
    remainingMs: SHORT_MS,
    answer: [504, 'BCSGW.5040002'],
    reached: { iam: 1, bcs: 0 },
    logged: ['error', 'request failed'],
    outcome: 'retryable',
    viaEventBridge: true,
  },
  {
    fault: 'IAM resets the connection once',
    misbehave: inject({ service: 'iam', mode: 'reset' }),
    answer: [200, null],
    reached: { iam: 2, bcs: 1 },
    logged: ['info', 'bcs answered'],
    outcome: 'succeeded',
  },
  {
    fault: 'IAM resets the connection twice',
    misbehave: inject({ service: 'iam', mode: 'reset', times: 2 }),
    answer: [502, 'BCSGW.5020001'],
    reached: { iam: 2, bcs: 0 },
    logged: ['error', 'request failed'],
    outcome: 'retryable',
  },
  {
    fault: 'IAM refuses the connection (nothing listens)',
    environment: async () => ({ IAM_ENDPOINT: await closedEndpoint() }),
    answer: [502, 'BCSGW.5020001'],
    reached: { iam: 0, bcs: 0 },
    logged: ['error', 'request failed'],
    outcome: 'retryable',
  },
  {
    fault: 'IAM answers 500 with its JSON error',
    misbehave: inject({ service: 'iam', mode: 'status', status: 500 }),
    answer: [502, 'BCSGW.5020001'],
    reached: { iam: 1, bcs: 0 },
    logged: ['error', 'request failed'],
    outcome: 'retryable',
    viaEventBridge: true,
  },
  {
    fault: 'IAM answers 200 with an HTML page',
    misbehave: inject({ service: 'iam', mode: 'garbage' }),
    answer: [502, 'BCSGW.5020001'],
    reached: { iam: 1, bcs: 0 },
    logged: ['error', 'request failed'],
    outcome: 'final',
  },
  {
    fault: "IAM answers a gateway's HTML 502 page",
    misbehave: inject({ service: 'iam', mode: 'garbage', status: 502 }),
    answer: [502, 'BCSGW.5020001'],
    reached: { iam: 1, bcs: 0 },
    logged: ['error', 'request failed'],
    outcome: 'retryable',
  },
  {
    fault: 'IAM refuses the password',
    environment: async () => ({ HUAWEICLOUD_PASSWORD: SECRETS.wrongPassword }),
    answer: [502, 'BCSGW.5020001'],
    reached: { iam: 1, bcs: 0 },
    logged: ['error', 'request failed'],
    outcome: 'final',
  },
  // AWS Secrets Manager
  {
    fault: 'nothing goes wrong, the credentials in Secrets Manager',
    environment: async () => inSecretsManager(CREDENTIALS_SECRET),
    answer: [200, null],
    reached: once,
    logged: ['info', 'bcs answered'],
    outcome: 'succeeded',
  },
  {
    fault: 'Secrets Manager refuses the connection',
    environment: async () =>
      inSecretsManager(CREDENTIALS_SECRET, {
        AWS_ENDPOINT_URL_SECRETS_MANAGER: await closedEndpoint(),
      }),
    answer: [502, 'BCSGW.5020004'],
    saying: 'did not hand over the credentials secret (ECONNREFUSED)',
    reached: { iam: 0, bcs: 0 },
    logged: ['error', 'request failed'],
    outcome: 'retryable',
    viaEventBridge: true,
  },
  {
    fault: 'the credentials secret is not JSON',
    environment: async () => inSecretsManager(MALFORMED_SECRET),
    answer: [500, 'BCSGW.5000002'],
    saying: 'Configuration error: the credentials secret is not JSON',
    reached: { iam: 0, bcs: 0 },
    logged: ['error', 'request failed'],
    outcome: 'final',
    viaEventBridge: true,
  },
];

const eventBridgeRows = rows.filter((row) => row.viaEventBridge);

// ---------------------------------------------------------------------------------------------
// Running a row

/** Loads `bundle` for the row, makes the first call if the row needs one, then misbehaves. */
const prepare = async (
  row: FaultRow,
  bundle: string,
  firstCall: (handler: Handler) => Promise<unknown>,
  env: (overrides: Env) => Env = functionEnv,
) => {
  const handler = await loadBundle(bundle, env((await row.environment?.()) ?? {}));
  if (row.afterAFirstCall) {
    keep(`${bundle} first call`, await firstCall(handler).catch((error: unknown) => error));
    keep('outcome event', await aws.outcomes());
  }
  row.misbehave?.();
  takeLogs();
  ran.add(`${bundle}: ${row.fault}`);
  return { handler, mark: sim.requests.length, context: contextFor(row) };
};

const contextFor = (row: FaultRow): Context =>
  lambdaContext({ remainingMs: row.remainingMs ?? 10_000 });

/** The requests that reached the simulator since `mark`, by service. */
const reachedSince = (mark: number) => {
  const requests = sim.requests.slice(mark);
  return {
    iam: requests.filter((request) => request.service === 'iam').length,
    bcs: requests.filter((request) => request.service === 'bcs').length,
  };
};

const removeOrgsInput = (orgs: string[]) => ({
  path: { project_id: demo.projectId, blockchain_id: demo.blockchainId, channel_id: 'channel' },
  body: { org_names: orgs },
});
const FIRST_ORGS = ['organization'];
const ORGS = ['org3'];
/** What every audit line of the matrix names as the request's target. */
const ORGS_TARGET = { ...removeOrgsInput(ORGS).path, ...removeOrgsInput(ORGS).body };

/** Signed by an IAM caller, whose access key must never be logged. */
const authorizer = { iam: { ...iamAuthorizer.iam, accessKey: SECRETS.callerAccessKeyId } };
const httpRequest = (orgs: string[]) =>
  removeChannelOrgsEvent({ body: { org_names: orgs }, authorizer });
const sqsMessage = (orgs: string[]) =>
  sqsRecord({ operation: 'remove-channel-orgs', ...removeOrgsInput(orgs) });
const eventBridgeRequest = (orgs: string[]) =>
  eventBridgeEvent('BCS Remove Channel Orgs Requested', removeOrgsInput(orgs));

/** The answer's `{error_code, error_msg}`, checked against the one shape every failure has. */
const errorBodyOf = (response: { body: string }) => {
  const body = JSON.parse(response.body) as Record<string, unknown>;
  expect(body).toEqual({ error_code: expect.any(String), error_msg: expect.any(String) });
  const { error_code, error_msg } = body as { error_code: string; error_msg: string };
  expect(error_code.length).toBeGreaterThanOrEqual(8);
  expect(error_code.length).toBeLessThanOrEqual(36);
  expect(error_msg.length).toBeGreaterThanOrEqual(2);
  expect(error_msg.length).toBeLessThanOrEqual(512);
  return { error_code, error_msg };
};

const outcomeDetail = (row: FaultRow, trigger: 'sqs' | 'eventbridge') => {
  const [status, errorCode] = row.answer;
  if (errorCode === null) {
    return { trigger, result: 'succeeded', status, operation_id: expect.any(String) };
  }
  return {
    trigger,
    result: 'failed',
    status,
    error_code: errorCode,
    retryable: row.outcome === 'retryable',
    may_have_been_applied: row.outcome === 'may have been applied',
  };
};

/** The one line an event function logs for a request, with who sent it and what it asked. */
const outcomeLine = (row: FaultRow, who: Record<string, unknown>) => {
  const [status, errorCode] = row.answer;
  const audit = { who, operation: 'remove-channel-orgs', target: ORGS_TARGET };
  return errorCode === null
    ? { level: 'info', message: 'operation succeeded', status, ...audit }
    : {
        level: levelOfStatus(status),
        message: 'operation failed',
        status,
        error_code: errorCode,
        ...audit,
      };
};

// ---------------------------------------------------------------------------------------------
// The matrix

describe('http-remove-channel-orgs', () => {
  for (const row of rows) {
    it(`answers ${row.answer[0]} ${row.answer[1] ?? 'with the operation id'} when ${row.fault}`, async () => {
      // Prepare
      const { handler, mark, context } = await prepare(row, 'http-remove-channel-orgs', (h) =>
        h(httpRequest(FIRST_ORGS), lambdaContext()),
      );

      // Act
      const response = await handler(httpRequest(ORGS), context);
      keep(`http ${row.fault}`, response);

      // Assess: what the caller gets, in time
      const [status, errorCode] = row.answer;
      expect(response.statusCode).toBe(status);
      expect(response.headers['content-type']).toBe('application/json');
      expect(context.getRemainingTimeInMillis()).toBeGreaterThan(500);
      if (errorCode === null) {
        expect(JSON.parse(response.body)).toEqual({
          operation_id: expect.stringMatching(/^BCSSVC01-06-\d{19}$/),
        });
      } else {
        const { error_code, error_msg } = errorBodyOf(response);
        expect(error_code).toBe(errorCode);
        if (row.saying !== undefined) expect(error_msg).toContain(row.saying);
        if (errorCode.startsWith('BCS.')) expect(response.body).toBe(row.passedThrough);
        if (row.outcome === 'may have been applied' && errorCode.startsWith('BCSGW.')) {
          expect(error_msg).toContain('the request may have been applied');
        }
      }
      // Assess: what was sent, and how often
      expect(reachedSince(mark)).toEqual(row.reached);
      // Assess: exactly one line logged
      const [level, message] = row.logged;
      const lines = takeLogs().lines;
      expect(lines[0]?.token_renewed).toBe(row.tokenRenewed);
      expect(lines).toEqual([
        expect.objectContaining({
          level,
          message,
          status,
          ...(errorCode === null
            ? { operation_id: expect.any(String) }
            : { error_code: errorCode }),
          who: {
            type: 'iam',
            id: iamAuthorizer.iam.userArn,
            account: iamAuthorizer.iam.accountId,
            principal: iamAuthorizer.iam.userId,
          },
          operation: 'remove-channel-orgs',
          target: ORGS_TARGET,
          api_request_id: httpRequest(ORGS).requestContext.requestId,
          aws_request_id: context.awsRequestId,
        }),
      ]);
    });
  }
});

describe('sqs-offboard', () => {
  const whatBecomesOfIt: Record<Outcome, string> = {
    succeeded: 'is done with the message',
    retryable: 'leaves the message for SQS to retry',
    final: 'moves the message to the dead-letter queue',
    'may have been applied': 'moves the message to the dead-letter queue, as maybe applied,',
  };
  for (const row of rows) {
    it(`${whatBecomesOfIt[row.outcome]} when ${row.fault}`, async () => {
      // Prepare
      const { handler, mark, context } = await prepare(row, 'sqs-offboard', (h) =>
        h(sqsEvent(sqsMessage(FIRST_ORGS)), lambdaContext()),
      );
      const message = sqsMessage(ORGS);

      // Act
      const response = await handler(sqsEvent(message), context);
      keep(`sqs ${row.fault}`, response);

      // Assess: retried by SQS, or moved to the dead-letter queue, or done
      const retried = row.outcome === 'retryable';
      expect(response).toEqual({
        batchItemFailures: retried ? [{ itemIdentifier: message.messageId }] : [],
      });
      const deadLetters = keep('dead-letter message', await aws.deadLetters());
      if (row.outcome === 'final' || row.outcome === 'may have been applied') {
        expect(deadLetters).toEqual([
          {
            body: message.body,
            attributes: expect.objectContaining({
              source_message_id: message.messageId,
              error_code: row.answer[1],
              may_have_been_applied: String(row.outcome === 'may have been applied'),
            }),
          },
        ]);
      } else {
        expect(deadLetters).toEqual([]);
      }
      expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
      // Assess: the outcome published, what was sent, the one line logged
      const outcomes = keep('outcome event', await aws.outcomes());
      expect(outcomes.map((event) => event.detail)).toEqual([
        expect.objectContaining(outcomeDetail(row, 'sqs')),
      ]);
      expect(reachedSince(mark)).toEqual(row.reached);
      const lines = takeLogs().lines;
      expect(lines[0]?.token_renewed).toBe(row.tokenRenewed);
      expect(lines).toEqual([
        expect.objectContaining(outcomeLine(row, { type: 'sqs', id: message.eventSourceARN })),
      ]);
    });
  }
});

describe('eventbridge-offboard', () => {
  const whatBecomesOfIt: Record<Outcome, string> = {
    succeeded: 'publishes the operation id',
    retryable: 'throws, for Lambda to retry the event,',
    final: 'publishes the failure and ends without a retry',
    'may have been applied': 'publishes that the request may have been applied, without a retry,',
  };
  for (const row of eventBridgeRows) {
    it(`${whatBecomesOfIt[row.outcome]} when ${row.fault}`, async () => {
      // Prepare
      const { handler, mark, context } = await prepare(row, 'eventbridge-offboard', (h) =>
        h(eventBridgeRequest(FIRST_ORGS), lambdaContext()),
      );

      // Act
      const settled = await handler(eventBridgeRequest(ORGS), context).then(
        () => undefined,
        (error: unknown) => error,
      );
      keep(`eventbridge ${row.fault}`, settled ?? 'resolved');

      // Assess: thrown for Lambda to retry only when retrying is safe
      if (row.outcome === 'retryable') {
        expect(settled).toMatchObject({ name: 'RetryableOutcomeError' });
        expect((settled as Error).message).toMatch(new RegExp(`^${row.answer[1]}: `));
      } else {
        expect(settled).toBeUndefined();
      }
      expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
      // Assess: the outcome published, what was sent, the one line logged
      const outcomes = keep('outcome event', await aws.outcomes());
      expect(outcomes.map((event) => event.detail)).toEqual([
        expect.objectContaining(outcomeDetail(row, 'eventbridge')),
      ]);
      expect(reachedSince(mark)).toEqual(row.reached);
      const lines = takeLogs().lines;
      expect(lines[0]?.token_renewed).toBe(row.tokenRenewed);
      const { source, account } = eventBridgeRequest(ORGS);
      expect(lines).toEqual([
        expect.objectContaining(outcomeLine(row, { type: 'eventbridge', id: source, account })),
      ]);
    });
  }
});

describe('slack-command → slack-worker', () => {
  const slackRows = rows.filter((row) =>
    [NO_FAULT, 'BCS resets the connection', 'IAM answers 500 with its JSON error'].includes(
      row.fault,
    ),
  );
  const slackFunctionEnv = (overrides: Env) =>
    slackEnv(sim, {
      gatewayUrl: gateway.url,
      ...functionEnv(overrides),
      SLACK_SIGNING_SECRET: SECRETS.slackSigningSecret,
    });

  for (const row of slackRows) {
    it(`posts the outcome to response_url when ${row.fault}`, async () => {
      // Prepare
      const { handler, mark, context } = await prepare(
        row,
        'slack-command',
        async () => undefined,
        slackFunctionEnv,
      );
      ran.add(`slack-worker: ${row.fault}`);
      const event = slackCommandEvent({
        text: `remove-orgs channel=channel orgs=${ORGS.join(',')}`,
        responseUrl: sink.url,
        secret: SECRETS.slackSigningSecret,
      });

      // Act
      const response = await handler(event, context);
      await gateway.settled();
      keep(`slack-command ${row.fault}`, response);

      // Assess: acknowledged, then the outcome posted
      expect(JSON.parse(response.body).text).toMatch(/^Working on it/);
      const posts = keep('response_url', sink.posts.splice(0));
      expect(posts).toHaveLength(1);
      const errorCode = row.answer[1];
      const { response_type, text } = posts[0]?.message ?? { response_type: '', text: '' };
      if (errorCode === null) {
        expect(response_type).toBe('in_channel');
        expect(text).toMatch(/operation id `BCSSVC01-06-\d{19}`/);
      } else if (row.outcome === 'may have been applied') {
        expect(response_type).toBe('in_channel');
        expect(text).toContain(`\`${errorCode}\``);
        expect(text).toContain(':warning: The request may have been applied all the same');
      } else {
        expect(response_type).toBe('ephemeral');
        expect(text).toContain(`\`${errorCode}\``);
        expect(text).toContain('Nothing was applied; the same command may be run again later.');
      }
      expect(reachedSince(mark)).toEqual(row.reached);
      // Assess: one line from each function
      const who = { type: 'slack', id: ALLOWED_USER, team: ALLOWED_TEAM };
      expect(takeLogs().lines).toEqual([
        expect.objectContaining({
          message: 'slack command',
          result: 'queued',
          who: expect.objectContaining(who),
          target: ORGS_TARGET,
          api_request_id: event.requestContext.requestId,
        }),
        expect.objectContaining({
          level: errorCode === null ? 'info' : 'error',
          message: 'slack command finished',
          result: errorCode === null ? 'succeeded' : 'failed',
          who,
          target: ORGS_TARGET,
        }),
      ]);
    });
  }
});

describe("a caller's own token and the other operation", () => {
  it('quits a consortium over HTTP with the service credentials', async () => {
    // Prepare
    const handler = await loadBundle('http-quit-consortium', functionEnv());
    ran.add(`http-quit-consortium: ${NO_FAULT}`);

    // Act
    const response = await handler(quitConsortiumEvent(), lambdaContext());
    keep('http quit-consortium', response);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(reachedSince(0)).toEqual(once);
  });

  it("proxies a caller's own token untouched, and never signs in", async () => {
    // Prepare
    const token = await callerToken(sim, SECRETS.password);
    const handler = await loadBundle('http-remove-channel-orgs', functionEnv());
    const mark = sim.requests.length;

    // Act
    const response = await handler(
      removeChannelOrgsEvent({
        headers: { 'content-type': 'application/json', 'x-auth-token': token },
      }),
      lambdaContext(),
    );
    keep("http caller's own token", response);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(reachedSince(mark)).toEqual({ iam: 0, bcs: 1 });
    expect(sim.requests.at(-1)?.headers['x-auth-token']).toBe(token);
  });

  it("passes BCS refusing a caller's token through, without signing in or retrying", async () => {
    // Prepare
    const handler = await loadBundle('http-remove-channel-orgs', functionEnv());
    const headers = {
      'content-type': 'application/json',
      'x-auth-token': SECRETS.refusedCallerToken,
    };

    // Act
    const response = await handler(removeChannelOrgsEvent({ headers }), lambdaContext());
    keep("http caller's refused token", response);

    // Assess
    expect(response.statusCode).toBe(401);
    expect(errorBodyOf(response).error_code).toBe('BCS.4010401');
    expect(reachedSince(0)).toEqual({ iam: 0, bcs: 1 });
  });

  it("refuses a caller's token that is no header value, without echoing it", async () => {
    // Prepare
    const handler = await loadBundle('http-remove-channel-orgs', functionEnv());
    const headers = {
      'content-type': 'application/json',
      'x-auth-token': `${SECRETS.invalidCallerToken} `,
    };

    // Act
    const response = await handler(removeChannelOrgsEvent({ headers }), lambdaContext());
    keep("http caller's invalid token", response);

    // Assess
    expect(response.statusCode).toBe(400);
    expect(errorBodyOf(response).error_msg).toContain('X-Auth-Token');
    expect(sim.requests).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Access keys: every caller signs its BCS requests (SDK-HMAC-SHA256) and never signs in

/**
 * A function's environment with an access key in place of the password: `key` in the
 * environment, or without one the access-key secret in Secrets Manager.
 */
const accessKeyEnv = (key?: { access: string; secret: string; securityToken?: string }) =>
  functionEnv({
    HUAWEICLOUD_DOMAIN_NAME: undefined,
    HUAWEICLOUD_USER_NAME: undefined,
    HUAWEICLOUD_PASSWORD: undefined,
    HUAWEICLOUD_SDK_AK: key?.access,
    HUAWEICLOUD_SDK_SK: key?.secret,
    HUAWEICLOUD_SDK_SECURITY_TOKEN: key?.securityToken,
    HUAWEICLOUD_CREDENTIALS_SECRET: key ? undefined : ACCESS_KEY_SECRET,
  });
const signedOnly = { iam: 0, bcs: 1 };

describe('access keys (AK/SK), every caller', () => {
  afterAll(() => {
    for (const name of Object.keys(accessKeyEnv(TEMPORARY_KEY))) {
      if (name.startsWith('HUAWEICLOUD_SDK_')) delete process.env[name];
    }
    delete process.env.HUAWEICLOUD_CREDENTIALS_SECRET;
  });

  it.each([
    ['http-remove-channel-orgs', () => httpRequest(ORGS)],
    ['http-quit-consortium', () => quitConsortiumEvent()],
  ])('%s signs the PUT with the access key and never signs in', async (name, event) => {
    // Prepare
    const handler = await loadBundle(name, accessKeyEnv(ACCESS_KEY));

    // Act
    const response = await handler(event(), lambdaContext());
    keep(`${name} with an access key`, response);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(reachedSince(0)).toEqual(signedOnly);
    expect(sim.akskVerifiedCount()).toBe(1);
    const [request] = sim.requests;
    expect(request?.headers['x-project-id']).toBe(demo.projectId);
    expect(request?.headers['x-auth-token']).toBeUndefined();
  });

  it('signs with a temporary key and its security token, read from Secrets Manager', async () => {
    // Prepare
    await rotateAccessKeySecret(
      moto,
      JSON.stringify({
        ak: TEMPORARY_KEY.access,
        sk: TEMPORARY_KEY.secret,
        security_token: TEMPORARY_KEY.securityToken,
      }),
    );
    const handler = await loadBundle('http-remove-channel-orgs', accessKeyEnv());

    // Act
    const response = await handler(httpRequest(ORGS), lambdaContext());
    keep('http with a temporary key', response);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(reachedSince(0)).toEqual(signedOnly);
    expect(sim.requests[0]?.headers['x-security-token']).toBe(SECRETS.securityToken);
  });

  it('passes a 401 through after exactly one attempt, and reads the rotated secret in the next invocation', async () => {
    // Prepare: the secret holds a secret key that is not the key's
    await rotateAccessKeySecret(moto, accessKeySecret(SECRETS.wrongAccessKeySecret));
    const handler = await loadBundle('http-remove-channel-orgs', accessKeyEnv());

    // Act
    const refused = await handler(httpRequest(ORGS), lambdaContext());
    const refusedReached = reachedSince(0);
    await rotateAccessKeySecret(moto, accessKeySecret());
    const mark = sim.requests.length;
    const accepted = await handler(httpRequest(FIRST_ORGS), lambdaContext());
    keep('http with a refused access key', [refused, accepted]);

    // Assess
    expect(refused.statusCode).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({ error_code: 'APIGW.0301' });
    expect(JSON.parse(refused.body).error_msg).toContain('verify aksk signature fail');
    expect(refusedReached).toEqual(signedOnly);
    expect(accepted.statusCode).toBe(200);
    expect(reachedSince(mark)).toEqual(signedOnly);
    const lines = takeLogs().lines;
    expect(lines[0]).toMatchObject({ level: 'warn', message: 'bcs answered', status: 401 });
  });

  it('sqs-offboard runs a message with the access key and publishes its outcome', async () => {
    // Prepare
    const handler = await loadBundle('sqs-offboard', accessKeyEnv(ACCESS_KEY));
    const message = sqsMessage(ORGS);

    // Act
    const response = await handler(sqsEvent(message), lambdaContext());
    keep('sqs with an access key', response);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(reachedSince(0)).toEqual(signedOnly);
    const outcomes = keep('outcome event', await aws.outcomes());
    expect(outcomes.map((event) => event.detail)).toEqual([
      expect.objectContaining({ trigger: 'sqs', result: 'succeeded' }),
    ]);
  });

  it('eventbridge-offboard runs an event with the access key and publishes its outcome', async () => {
    // Prepare
    const handler = await loadBundle('eventbridge-offboard', accessKeyEnv(ACCESS_KEY));

    // Act
    await handler(eventBridgeRequest(ORGS), lambdaContext());

    // Assess
    expect(reachedSince(0)).toEqual(signedOnly);
    const outcomes = keep('outcome event', await aws.outcomes());
    expect(outcomes.map((event) => event.detail)).toEqual([
      expect.objectContaining({ trigger: 'eventbridge', result: 'succeeded' }),
    ]);
  });

  it('slack-command hands over to the worker, which signs with the access key and posts the outcome', async () => {
    // Prepare
    const handler = await loadBundle(
      'slack-command',
      slackEnv(sim, {
        gatewayUrl: gateway.url,
        ...accessKeyEnv(TEMPORARY_KEY),
        SLACK_SIGNING_SECRET: SECRETS.slackSigningSecret,
      }),
    );
    const event = slackCommandEvent({
      text: `remove-orgs channel=channel orgs=${ORGS.join(',')}`,
      responseUrl: sink.url,
      secret: SECRETS.slackSigningSecret,
    });

    // Act
    const response = await handler(event, lambdaContext());
    await gateway.settled();
    keep('slack-command with an access key', response);

    // Assess
    const posts = keep('response_url', sink.posts.splice(0));
    expect(posts.map((post) => post.message.response_type)).toEqual(['in_channel']);
    expect(posts[0]?.message.text).toMatch(/operation id `BCSSVC01-06-\d{19}`/);
    expect(reachedSince(0)).toEqual(signedOnly);
    expect(sim.requests[0]?.headers['x-security-token']).toBe(SECRETS.securityToken);
  });
});

// ---------------------------------------------------------------------------------------------
// The secrets sweep

const secretsOfTheRun = (): Secret[] => [
  ...Object.entries(SECRETS).map(([name, value]) => ({ name, value })),
  ...[...issuedTokens].map((value, index) => ({ name: `IAM token #${index + 1}`, value })),
];

describe('secrets sweep', () => {
  it('keeps every console call and every write to stdout and stderr', () => {
    // Prepare
    const marker = `capture-check-${hex(8)}`;

    // Act
    console.warn(`console.warn ${marker}`);
    process.stderr.write(`stderr ${marker}\n`);

    // Assess
    expect(allOutput()).toContain(`console.warn ${marker}\n`);
    expect(allOutput()).toContain(`stderr ${marker}\n`);
  });

  it('finds every secret of the run planted whole, cut short or percent-encoded', async () => {
    // Prepare
    const token = await callerToken(sim, SECRETS.password);
    harvestTokens();
    const secrets = secretsOfTheRun();
    const planted: Exhibit[] = secrets.flatMap(({ name, value }) => [
      { where: `${name}, whole`, text: `{"level":"error","detail":"${value}"}` },
      { where: `${name}, cut short`, text: `…${value.slice(2, 25)}…` },
      { where: `${name}, percent-encoded`, text: `token=${encodeURIComponent(value)}` },
    ]);
    const lookalike = `{"password":"Hw-${hex(12)}","token":"MII${randomBytes(300).toString('base64')}"}`;

    // Act
    const leaks = findLeaks([...planted, { where: 'a lookalike', text: lookalike }], secrets);

    // Assess
    expect(secrets.map(({ value }) => value)).toContain(token);
    expect(leaks).toHaveLength(planted.length);
    expect(leaks).toEqual(
      planted.map(({ where }) => ({ secret: where.slice(0, where.indexOf(',')), where })),
    );
  });

  it('finds no secret in anything the whole run wrote or answered', () => {
    // Prepare
    harvestTokens();
    const everything: Exhibit[] = [
      ...exhibits,
      { where: 'stdout, stderr, console', text: allOutput() },
    ];

    // Act
    const leaks = findLeaks(everything, secretsOfTheRun());

    // Assess: the run covered every row and every caller, and used real tokens
    expect([...ran].filter((run) => run.startsWith('http-remove-channel-orgs: '))).toHaveLength(
      rows.length,
    );
    for (const bundle of [
      'http-quit-consortium',
      'http-remove-channel-orgs',
      'sqs-offboard',
      'eventbridge-offboard',
      'slack-command',
      'slack-worker',
    ]) {
      expect(ran).toContain(`${bundle}: ${NO_FAULT}`);
    }
    expect(issuedTokens.size).toBeGreaterThan(rows.length);
    expect(exhibits.filter(({ where }) => where === 'response_url').length).toBeGreaterThan(0);
    expect(exhibits.filter(({ where }) => where === 'dead-letter message').length).toBeGreaterThan(
      0,
    );
    expect(allOutput()).toContain('"message":"request failed"');
    // Assess: and nothing leaked
    expect(leaks).toEqual([]);
  });
});
