/**
 * The packaged stack, deployed into moto with IAM authentication on: every resource the
 * functions' roles name, one IAM role per role of the template with exactly its policies, and
 * the credentials of each, so that a built bundle runs as it would in AWS, with its own
 * role's credentials, and moto judges every call's signature and permission.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteItemCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { defaultSeed, type Simulator, startSimulator } from '../../simulator/index.ts';
import { type AwsCallRecorder, startAwsCallRecorder } from './aws-call-recorder.ts';
import { loadBundle } from './bundles.ts';
import { takeLogs } from './log-capture.ts';
import { type Moto, startMoto } from './moto.ts';
import {
  type DeployedFunction,
  type DeployedStack,
  deployTemplate,
  type RoleSession,
  roleName,
} from './moto-deploy.ts';
import { queryBeforeAuth, xmlValue } from './moto-query.ts';
import { oslsPackage, readTemplate } from './serverless.ts';
import { ALLOWED_TEAM, ALLOWED_USER, SIGNING_SECRET } from './slack.ts';

/** serverless.yml's default `--region`, the one `oslsPackage` packages for. */
export const STACK_REGION = 'eu-west-1';
/** The existing bus outcomes are published on (the `outcomeEventBusName` param). */
export const OUTCOME_BUS = 'bcs-offboard-dev-outcomes';

const { demo } = defaultSeed;

/** The secrets an operator stores before deploying, by the param that names each. */
const SECRETS = {
  credentialsSecretArn: {
    name: 'bcs-offboard/huawei-credentials',
    value: JSON.stringify({
      domain_name: demo.domainName,
      user_name: demo.userName,
      password: demo.password,
    }),
  },
  slackSigningSecretArn: {
    name: 'bcs-offboard/slack-signing-secret',
    value: JSON.stringify({ signing_secret: SIGNING_SECRET }),
  },
} as const;

/** Variables a function may read that a deployment leaves unset unless the template sets them. */
const LOCAL_ONLY_VARIABLES = [
  'HUAWEICLOUD_DOMAIN_NAME',
  'HUAWEICLOUD_USER_NAME',
  'HUAWEICLOUD_PASSWORD',
  'SLACK_SIGNING_SECRET',
  'AWS_PROFILE',
  'AWS_ENDPOINT_URL_DYNAMODB',
  'AWS_ENDPOINT_URL_SQS',
  'AWS_ENDPOINT_URL_EVENTBRIDGE',
  'AWS_ENDPOINT_URL_SECRETS_MANAGER',
  'AWS_ENDPOINT_URL_LAMBDA',
];

type Credentials = { accessKeyId: string; secretAccessKey: string };

const clientConfig = (endpoint: string, credentials: Credentials) => ({
  endpoint,
  region: STACK_REGION,
  credentials,
});

/** Until IAM authentication is on, moto takes any credentials. */
const SETUP_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** Stores each of {@link SECRETS}; their ARNs (with moto's random suffix), by param. */
const createSecrets = async (endpoint: string): Promise<Record<string, string>> => {
  const secrets = new SecretsManagerClient(clientConfig(endpoint, SETUP_CREDENTIALS));
  const arns: Record<string, string> = {};
  for (const [param, { name, value }] of Object.entries(SECRETS)) {
    const { ARN } = await secrets.send(
      new CreateSecretCommand({ Name: name, SecretString: value }),
    );
    arns[param] = String(ARN);
  }
  return arns;
};

/**
 * The outcome bus (which the template names but does not create), with a rule copying every
 * outcome into a queue the test reads; that queue's URL.
 */
const createOutcomeBus = async (endpoint: string): Promise<string> => {
  const config = clientConfig(endpoint, SETUP_CREDENTIALS);
  const sqs = new SQSClient(config);
  const eventBridge = new EventBridgeClient(config);
  const { QueueUrl = '' } = await sqs.send(
    new CreateQueueCommand({ QueueName: 'test-outcomes-copy' }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  await eventBridge.send(new CreateEventBusCommand({ Name: OUTCOME_BUS }));
  await eventBridge.send(
    new PutRuleCommand({
      Name: 'copy-outcomes',
      EventBusName: OUTCOME_BUS,
      EventPattern: JSON.stringify({ source: ['bcs-offboard'] }),
    }),
  );
  await eventBridge.send(
    new PutTargetsCommand({
      Rule: 'copy-outcomes',
      EventBusName: OUTCOME_BUS,
      Targets: [{ Id: 'queue', Arn: Attributes?.QueueArn }],
    }),
  );
  return QueueUrl;
};

/** An IAM user allowed everything, for the test's own setup and inspection once auth is on. */
const createAdmin = async (moto: Moto): Promise<Credentials> => {
  await queryBeforeAuth(moto.url, 'iam', 'CreateUser', { UserName: 'test-admin' });
  await queryBeforeAuth(moto.url, 'iam', 'PutUserPolicy', {
    UserName: 'test-admin',
    PolicyName: 'everything',
    PolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    }),
  });
  const xml = await queryBeforeAuth(moto.url, 'iam', 'CreateAccessKey', {
    UserName: 'test-admin',
  });
  return {
    accessKeyId: xmlValue(xml, 'AccessKeyId'),
    secretAccessKey: xmlValue(xml, 'SecretAccessKey'),
  };
};

/** A message read from a queue. */
export interface QueuedMessage {
  body: string;
  attributes: Record<string, string>;
}

/**
 * For a test file: the simulator for BCS and IAM, and moto (with IAM checks on resources,
 * behind a call recorder) holding the stack `osls package` makes of serverless.yml, with IAM
 * authentication on. Packaged and deployed once, before the file's tests; before each, the
 * queues and the table are emptied, the simulator reset, calls and logs forgotten.
 *
 * IAM authentication is global to a moto server: use it in its own test file only.
 *
 * @example
 * ```ts
 * const stack = useMotoIamStack();
 * const handler = await stack.load('sqs-offboard', {}, { revoked: 'events:PutEvents' });
 * await handler(sqsEvent(sqsRecord(message)), lambdaContext());
 * expect(stack.calls.at(-1)).toMatchObject({ operation: 'PutEvents', status: 403 });
 * ```
 */
export const useMotoIamStack = () => {
  let sim: Simulator | undefined;
  let moto: Moto | undefined;
  let recorder: AwsCallRecorder | undefined;
  let packageDir: string | undefined;
  let deployed: (DeployedStack & { outcomesUrl: string }) | undefined;
  let admin: { sqs: SQSClient; dynamo: DynamoDBClient } | undefined;
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useMotoIamStack(): used before its beforeAll ran');
    return value;
  };

  beforeAll(async () => {
    [sim, moto] = await Promise.all([startSimulator(), startMoto({ iamResourceChecks: true })]);
    recorder = await startAwsCallRecorder(moto.url);
    // The secrets first: the template is packaged with their ARNs, suffix included.
    const secretArns = await createSecrets(recorder.url);
    packageDir = await mkdtemp(join(tmpdir(), 'bcs-offboard-moto-iam-'));
    const packaged = await oslsPackage(packageDir, {
      ...secretArns,
      outcomeEventBusName: OUTCOME_BUS,
      bcsEndpoint: sim.url,
      iamEndpoint: sim.url,
      slackAllowedUserIds: ALLOWED_USER,
      slackAllowedTeamIds: ALLOWED_TEAM,
      huaweicloudProjectId: demo.projectId,
      huaweicloudDomainId: demo.domainId,
      bcsInstanceId: demo.blockchainId,
    });
    if (packaged.code !== 0) {
      throw new Error(`osls package failed (exit code ${packaged.code}):\n${packaged.output}`);
    }
    deployed = {
      ...(await deployTemplate(await readTemplate(packageDir), packageDir, {
        moto: moto.url,
        endpoint: recorder.url,
        region: STACK_REGION,
      })),
      outcomesUrl: await createOutcomeBus(recorder.url),
    };
    const config = clientConfig(recorder.url, await createAdmin(moto));
    admin = { sqs: new SQSClient(config), dynamo: new DynamoDBClient(config) };
    // From here on, every call's signature and permission is checked.
    const switched = await fetch(`${moto.url}/moto-api/reset-auth`, { method: 'POST', body: '0' });
    if (!switched.ok) {
      throw new Error(`moto did not switch IAM authentication on: ${switched.status}`);
    }
    // Packaging with osls takes seconds alone, and has taken over 120 s beside other test files
    // on 2 busy cores: this bound catches a hang, it is not a timing.
  }, 300_000);
  afterAll(async () => {
    await Promise.all([sim?.stop(), moto?.stop(), recorder?.stop()]);
    if (packageDir !== undefined) await rm(packageDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    ready(sim).reset();
    const { queues, tables, outcomesUrl } = ready(deployed);
    const { sqs, dynamo } = ready(admin);
    for (const QueueUrl of [...Object.values(queues), outcomesUrl]) {
      await sqs.send(new PurgeQueueCommand({ QueueUrl }));
    }
    // The template's tables are keyed by `id` alone.
    for (const TableName of Object.values(tables)) {
      const { Items = [] } = await dynamo.send(new ScanCommand({ TableName }));
      for (const { id } of Items) {
        if (id) await dynamo.send(new DeleteItemCommand({ TableName, Key: { id } }));
      }
    }
    ready(recorder).clear();
    takeLogs();
  });

  const deployedFunction = (name: string): DeployedFunction => {
    const found = ready(deployed).functions.get(name);
    if (found === undefined) throw new Error(`serverless.yml deploys no function ${name}`);
    return found;
  };
  const session = (name: string, revoked?: string): RoleSession => {
    const found = ready(deployed).sessions.get(roleName(deployedFunction(name).role, revoked));
    if (found === undefined) throw new Error(`${name}'s role grants no ${revoked}`);
    return found;
  };
  /** Drains a queue: every message on it now, then forgotten. */
  const drain = async (QueueUrl: string): Promise<QueuedMessage[]> => {
    const messages: QueuedMessage[] = [];
    for (;;) {
      const { Messages = [] } = await ready(admin).sqs.send(
        new ReceiveMessageCommand({
          QueueUrl,
          MaxNumberOfMessages: 10,
          MessageAttributeNames: ['All'],
          VisibilityTimeout: 300,
        }),
      );
      if (Messages.length === 0) return messages;
      messages.push(
        ...Messages.map((message) => ({
          body: message.Body ?? '',
          attributes: Object.fromEntries(
            Object.entries(message.MessageAttributes ?? {}).map(([key, value]) => [
              key,
              value.StringValue ?? '',
            ]),
          ),
        })),
      );
    }
  };

  const stack = {
    get sim() {
      return ready(sim);
    },
    /** Every AWS call so far (the admin's included), with moto's answer. */
    get calls() {
      return ready(recorder).calls;
    },
    /** The credentials a function's role gets; `revoked`: of its role without that action. */
    session,
    /** The logical id of a function's role in the template (`SlackWorkerRole`). */
    role: (name: string) => deployedFunction(name).role,
    /** The name AWS knows a function by (`bcs-offboard-dev-slack-worker`). */
    functionName: (name: string) => deployedFunction(name).functionName,
    /** The inline policies moto holds for a function's role: the template's, resolved. */
    policies: (name: string) =>
      ready(deployed)
        .policies.get(deployedFunction(name).role)
        ?.map(({ document }) => document) ?? [],
    /**
     * A function's environment as deployed: the template's variables, and what Lambda adds
     * (region, its role's credentials), AWS reached through the recorder; every variable
     * only a local run sets is unset. `overrides` win.
     */
    env: (
      name: string,
      overrides: Record<string, string | undefined> = {},
      { revoked }: { revoked?: string } = {},
    ): Record<string, string | undefined> => {
      const credentials = session(name, revoked);
      const unset = [
        ...LOCAL_ONLY_VARIABLES,
        ...[...ready(deployed).functions.values()].flatMap(({ variables }) =>
          Object.keys(variables),
        ),
      ];
      return {
        ...Object.fromEntries(unset.map((variable) => [variable, undefined])),
        ...deployedFunction(name).variables,
        AWS_REGION: STACK_REGION,
        AWS_DEFAULT_REGION: STACK_REGION,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_SESSION_TOKEN: credentials.sessionToken,
        AWS_ENDPOINT_URL: ready(recorder).url,
        AWS_LAMBDA_FUNCTION_NAME: deployedFunction(name).functionName,
        ...overrides,
      };
    },
    /** A cold container of a function, with {@link env}'s environment. */
    load: (
      name: string,
      overrides: Record<string, string | undefined> = {},
      options: { revoked?: string } = {},
    ) => loadBundle(name, stack.env(name, overrides, options)),
    /** The outcome events published on the outcome bus so far, then forgotten. */
    outcomes: async () =>
      (await drain(ready(deployed).outcomesUrl)).map(
        (message) =>
          JSON.parse(message.body) as { 'detail-type': string; detail: Record<string, unknown> },
      ),
    /** The messages on a queue of the template (by logical id) so far, then forgotten. */
    queued: (queue: string) => drain(ready(ready(deployed).queues[queue])),
    /** The records of a table of the template (by logical id), attributes flattened. */
    records: async (table: string): Promise<Record<string, string>[]> => {
      const { Items = [] } = await ready(admin).dynamo.send(
        new ScanCommand({ TableName: ready(ready(deployed).tables[table]), ConsistentRead: true }),
      );
      return Items.map((item) =>
        Object.fromEntries(
          Object.entries(item).map(([key, value]) => [key, String(value.S ?? value.N)]),
        ),
      );
    },
  };
  return stack;
};
