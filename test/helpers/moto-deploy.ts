/**
 * A packaged CloudFormation template deployed into moto, as far as the functions' AWS calls
 * need it: its queues, tables, IAM roles (with exactly their policies, resolved in moto's
 * account) and Lambda functions, and the credentials of each role. Everything happens before
 * moto's IAM authentication is switched on.
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateFunctionCommand, LambdaClient, type Runtime } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { resolveIntrinsics, type StackContext } from './cfn-intrinsics.ts';
import { queryBeforeAuth, xmlValue } from './moto-query.ts';
import { type CfnResource, type CfnTemplate, createdResources } from './serverless.ts';

/** The account moto runs every call in. */
export const MOTO_ACCOUNT_ID = '123456789012';

/** Credentials of an assumed role, as Lambda hands them to a function. */
export interface RoleSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  [key: string]: unknown;
}

export interface PolicyDocument {
  Version: string;
  Statement: PolicyStatement[];
}

interface InlinePolicy {
  name: string;
  document: PolicyDocument;
}

/** A function of the template, as deployed. */
export interface DeployedFunction {
  /** Its name in AWS (`bcs-offboard-dev-sqs-offboard`). */
  functionName: string;
  /** The logical id of its role. */
  role: string;
  /** Its environment as the template sets it, every intrinsic resolved. */
  variables: Record<string, string>;
}

export interface DeployedStack {
  /** Queue URLs, by logical id. */
  queues: Record<string, string>;
  /** Table names, by logical id. */
  tables: Record<string, string>;
  /** By bundle name (`dist/<name>/index.mjs`). */
  functions: Map<string, DeployedFunction>;
  /** The inline policies of each role, by logical id, as moto holds them. */
  policies: Map<string, InlinePolicy[]>;
  /** The credentials of each role, by {@link roleName}. */
  sessions: Map<string, RoleSession>;
}

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every action the policies grant, once each. */
export const grantedActions = (documents: PolicyDocument[]): string[] => [
  ...new Set(documents.flatMap((document) => document.Statement.flatMap((s) => asList(s.Action)))),
];

/**
 * The policy documents without `action`: it leaves every statement granting it, and a
 * statement left with no action goes.
 *
 * @example
 * ```ts
 * withoutAction(documents, 'events:PutEvents');
 * ```
 */
export const withoutAction = (documents: PolicyDocument[], action: string): PolicyDocument[] =>
  documents.map((document) => ({
    ...document,
    Statement: document.Statement.flatMap((statement) => {
      const kept = asList(statement.Action).filter((granted) => granted !== action);
      return kept.length === 0 ? [] : [{ ...statement, Action: kept }];
    }),
  }));

/**
 * The IAM role name of a role of the template (its logical id), or of its variant without
 * one action.
 *
 * @example
 * ```ts
 * roleName('EventFunctionsRole', 'events:PutEvents'); // 'EventFunctionsRole-without-events-PutEvents'
 * ```
 */
export const roleName = (role: string, revoked?: string): string =>
  revoked === undefined ? role : `${role}-without-${revoked.replace(':', '-')}`;

/** The setup identity: until IAM authentication is on, moto takes any credentials. */
const SETUP_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/**
 * Deploys the packaged `template` (its zips in `dir`) into moto at `moto`, every SDK call
 * going through `endpoint` (a recorder in front of moto, whose host the queue URLs then
 * carry): the queues and tables, one IAM role per role of the template with its inline
 * policies, a variant of each role without each action it grants (so that a test can revoke
 * one once authentication is on, when moto can no longer assume roles), the credentials of
 * every role, and the Lambda functions (moto's Lambda without Docker: it keeps the code and
 * answers an invocation without running it).
 *
 * @example
 * ```ts
 * const stack = await deployTemplate(template, packageDir, { moto: moto.url, endpoint: recorder.url, region: 'eu-west-1' });
 * ```
 */
export const deployTemplate = async (
  template: CfnTemplate,
  dir: string,
  { moto, endpoint, region }: { moto: string; endpoint: string; region: string },
): Promise<DeployedStack> => {
  const config = { endpoint, region, credentials: SETUP_CREDENTIALS };
  const context: StackContext = { accountId: MOTO_ACCOUNT_ID, region, resources: {} };
  const resolve = <T>(value: unknown) => resolveIntrinsics(template, value, context) as T;
  const created = createdResources(template);
  const ofType = (type: string) => created.filter(([, resource]) => resource.Type === type);

  const queues = await createQueues(ofType('AWS::SQS::Queue'), new SQSClient(config), resolve);
  const tables = await createTables(
    ofType('AWS::DynamoDB::Table'),
    new DynamoDBClient(config),
    resolve,
  );
  for (const [id, { url, arn }] of Object.entries(queues)) {
    context.resources[id] = { ref: url, attributes: { Arn: arn } };
  }
  for (const [id, { name, arn }] of Object.entries(tables)) {
    context.resources[id] = { ref: name, attributes: { Arn: arn } };
  }
  const roles = ofType('AWS::IAM::Role');
  const trust = new Map<string, string>();
  for (const [id, { Properties }] of roles) {
    trust.set(id, JSON.stringify(resolve(Properties.AssumeRolePolicyDocument)));
    const arn = await createRole(moto, id, trust.get(id) ?? '', []);
    context.resources[id] = { ref: id, attributes: { Arn: arn } };
  }
  const policies = inlinePolicies(roles, ofType('AWS::IAM::Policy'), resolve);
  const sessions = new Map<string, RoleSession>();
  for (const [role, granted] of policies) {
    const arn = context.resources[role]?.attributes.Arn ?? '';
    await putPolicies(moto, role, granted);
    sessions.set(role, await assumeRole(moto, arn));
    for (const action of grantedActions(granted.map(({ document }) => document))) {
      const reduced = withoutAction(
        granted.map(({ document }) => document),
        action,
      );
      const variant = roleName(role, action);
      const variantArn = await createRole(
        moto,
        variant,
        trust.get(role) ?? '',
        granted.map(({ name }, index) => ({ name, document: reduced[index] as PolicyDocument })),
      );
      sessions.set(variant, await assumeRole(moto, variantArn));
    }
  }
  const functions = await createFunctions(
    ofType('AWS::Lambda::Function'),
    dir,
    { moto, lambda: new LambdaClient(config) },
    resolve,
  );
  return {
    queues: Object.fromEntries(Object.entries(queues).map(([id, { url }]) => [id, url])),
    tables: Object.fromEntries(Object.entries(tables).map(([id, { name }]) => [id, name])),
    functions,
    policies,
    sessions,
  };
};

type Resolve = <T>(value: unknown) => T;
type Resources = [string, CfnResource][];

const createQueues = async (resources: Resources, sqs: SQSClient, resolve: Resolve) => {
  const queues: Record<string, { url: string; arn: string }> = {};
  for (const [id, { Properties }] of resources) {
    const { QueueUrl = '' } = await sqs.send(
      new CreateQueueCommand({ QueueName: resolve<string>(Properties.QueueName) }),
    );
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    queues[id] = { url: QueueUrl, arn: String(Attributes?.QueueArn) };
  }
  return queues;
};

const createTables = async (resources: Resources, dynamo: DynamoDBClient, resolve: Resolve) => {
  const tables: Record<string, { name: string; arn: string }> = {};
  for (const [id, { Properties }] of resources) {
    const { TableDescription } = await dynamo.send(
      new CreateTableCommand({
        TableName: resolve<string>(Properties.TableName),
        AttributeDefinitions: resolve(Properties.AttributeDefinitions),
        KeySchema: resolve(Properties.KeySchema),
        BillingMode: resolve(Properties.BillingMode),
      }),
    );
    tables[id] = {
      name: String(TableDescription?.TableName),
      arn: String(TableDescription?.TableArn),
    };
  }
  return tables;
};

/** Each role's inline policies, and those of the `AWS::IAM::Policy` resources naming it. */
const inlinePolicies = (roles: Resources, attached: Resources, resolve: Resolve) => {
  const policies = new Map<string, InlinePolicy[]>();
  for (const [id, { Properties }] of roles) {
    const inline = (Properties.Policies ?? []) as {
      PolicyName: unknown;
      PolicyDocument: unknown;
    }[];
    policies.set(
      id,
      inline.map((policy) => ({
        name: resolve<string>(policy.PolicyName),
        document: resolve<PolicyDocument>(policy.PolicyDocument),
      })),
    );
  }
  for (const [, { Properties }] of attached) {
    for (const role of resolve<string[]>(Properties.Roles)) {
      policies.get(role)?.push({
        name: resolve<string>(Properties.PolicyName),
        document: resolve<PolicyDocument>(Properties.PolicyDocument),
      });
    }
  }
  return policies;
};

/** Creates a role with its trust policy and inline policies; its ARN. */
const createRole = async (
  moto: string,
  name: string,
  trustPolicy: string,
  policies: InlinePolicy[],
): Promise<string> => {
  const xml = await queryBeforeAuth(moto, 'iam', 'CreateRole', {
    RoleName: name,
    AssumeRolePolicyDocument: trustPolicy,
  });
  await putPolicies(moto, name, policies);
  return xmlValue(xml, 'Arn');
};

const putPolicies = async (moto: string, role: string, policies: InlinePolicy[]) => {
  for (const { name, document } of policies) {
    await queryBeforeAuth(moto, 'iam', 'PutRolePolicy', {
      RoleName: role,
      PolicyName: name,
      PolicyDocument: JSON.stringify(document),
    });
  }
};

/** `sts:AssumeRole`: what Lambda does for a function, and hands it as environment. */
const assumeRole = async (moto: string, arn: string): Promise<RoleSession> => {
  const xml = await queryBeforeAuth(moto, 'sts', 'AssumeRole', {
    RoleArn: arn,
    RoleSessionName: 'bcs-offboard-test',
  });
  return {
    accessKeyId: xmlValue(xml, 'AccessKeyId'),
    secretAccessKey: xmlValue(xml, 'SecretAccessKey'),
    sessionToken: xmlValue(xml, 'SessionToken'),
  };
};

/** Creates each function from its zip, in moto's Lambda without Docker. */
const createFunctions = async (
  resources: Resources,
  dir: string,
  { moto, lambda }: { moto: string; lambda: LambdaClient },
  resolve: Resolve,
) => {
  await fetch(`${moto}/moto-api/config`, {
    method: 'POST',
    body: JSON.stringify({ lambda: { use_docker: false } }),
  });
  const functions = new Map<string, DeployedFunction>();
  for (const [id, { Properties }] of resources) {
    const name = /^dist\/(.+)\/index\.handler$/.exec(String(Properties.Handler))?.[1];
    if (name === undefined) throw new Error(`${id}: handler ${Properties.Handler} is no bundle`);
    const functionName = resolve<string>(Properties.FunctionName);
    const environment = resolve<{ Variables?: Record<string, string> }>(Properties.Environment);
    const { S3Key } = Properties.Code as { S3Key: string };
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: functionName,
        Runtime: resolve<Runtime>(Properties.Runtime),
        Handler: resolve<string>(Properties.Handler),
        Role: resolve<string>(Properties.Role),
        Code: { ZipFile: await readFile(join(dir, basename(S3Key))) },
        Environment: environment,
      }),
    );
    const [role = ''] = (Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'];
    functions.set(name, { functionName, role, variables: environment.Variables ?? {} });
  }
  return functions;
};
