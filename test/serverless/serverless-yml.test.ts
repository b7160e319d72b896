/**
 * Offline validation of serverless.yml: `osls package` (no AWS credentials, no network) with
 * every default (AWS IAM authorization) and with every option set (a JWT authorizer, tracing,
 * an alarm topic, two event sources), then checks on the generated CloudFormation template and
 * zips, then cfn-lint; and the settings it refuses, in words of the project's own.
 * dist/ is built by the vitest globalSetup.
 */

import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ErrorCodes from '../../lib/errors/error-codes.ts';
import { readTrackingJob } from '../../lib/tracking/tracking-job.ts';
import {
  acceptedRulePattern,
  acceptedRuleTransformer,
  applyInputTransformer,
} from '../../scripts/accepted-rule.ts';
import { functionNames } from '../../scripts/build.ts';
import { localRoutes } from '../../scripts/local-gateway.ts';
import {
  type CfnLintFinding,
  type CfnResource,
  type CfnTemplate,
  cfnLint,
  createdResources,
  dummySecretArn,
  evaluate,
  listZipEntries,
  oslsPackage,
  type ProcessResult,
  readTemplate,
  resourcesOfType,
  root,
} from '../helpers/serverless.ts';

// `osls package` takes about 2.5 s on a 2-core machine with its schema cache warm, 5.5 s cold
// (it compiles its configuration schema once per user), and ~400 MB; cfn-lint about 3 s. The two
// packagings run one after the other (see oslsPackage) while other test files run, and beside
// them on 2 busy cores one took over 120 s. The bound catches a hang; it is not a timing.
const OSLS_TIMEOUT_MS = 300_000;
const CFN_LINT_TIMEOUT_MS = 60_000;

const AWS_REGION = 'eu-west-1'; // serverless.yml's default `--region`
const LOG_RETENTION_DAYS = 30;

const jwtIssuerUrl = 'https://issuer.example.com/bcs-offboard';
const jwtAudience = 'bcs-offboard-admin';
const slackSigningSecretArn =
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bcs-offboard/slack-signing-QrStUv';
const kmsKeyArn = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const alarmTopicArn = 'arn:aws:sns:eu-west-1:123456789012:operations-alarms';
const eventSources = ['acme.hr-offboarding', 'bcs-offboard.requests'];

const iamParams = { credentialsSecretArn: dummySecretArn };
const jwtParams = {
  credentialsSecretArn: dummySecretArn,
  authorizer: 'jwt',
  jwtIssuerUrl,
  jwtAudience,
  kmsKeyArn,
  slackSigningSecretArn,
  huaweicloudRegion: 'ap-southeast-1',
  allowedProjectIds: '05041fffa40025702f6dc009cc6f8f33,15041fffa40025702f6dc009cc6f8f33',
  bcsEndpoint: 'https://bcs.internal.example.com',
  iamEndpoint: 'https://iam.internal.example.com',
  tracing: 'Active',
  alarmTopicArn,
  eventSources: eventSources.join(', '),
};

/** The files `osls package` needs besides dist/: the service, and the preflight plugin. */
const serviceFiles = [
  'serverless.yml',
  'package.json',
  'scripts/osls-preflight.ts',
  'scripts/deploy-settings.ts',
];

/**
 * Credentials in osls's own environment: were serverless.yml to read any of them (`${env:...}`),
 * they would show up in what it writes.
 */
const canaries = {
  HUAWEICLOUD_DOMAIN_NAME: 'canary-domain-7f3a9c',
  HUAWEICLOUD_USER_NAME: 'canary-user-7f3a9c',
  HUAWEICLOUD_PASSWORD: 'canary-Passw0rd-7f3a9c',
};

const routes = [
  { routeKey: 'PUT /v2/{project_id}/members/quit', functionName: 'http-quit-consortium' },
  {
    routeKey: 'PUT /v2/{project_id}/blockchains/{blockchain_id}/{channel_id}/orgs/quit',
    functionName: 'http-remove-channel-orgs',
  },
  { routeKey: 'GET /v2/{project_id}/operation/record', functionName: 'http-operation-record' },
];

/** The Slack route: no API Gateway authorizer, the Slack signature is checked by the function. */
const slackRoute = { routeKey: 'POST /slack/commands', functionName: 'slack-command' };

interface Packaged {
  dir: string;
  template: CfnTemplate;
}

const packageInto = async (params: Record<string, string>): Promise<Packaged> => {
  const dir = await mkdtemp(join(tmpdir(), 'bcs-offboard-package-'));
  const result = await oslsPackage(dir, params, canaries);
  if (result.code !== 0) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`osls package failed (exit code ${result.code}):\n${result.output}`);
  }
  return { dir, template: await readTemplate(dir) };
};

/**
 * `osls package` that is expected to fail: its exit code and output. `serviceDir` is where
 * serverless.yml is (default: the project).
 */
const packageExpectingFailure = async (
  params: Record<string, string>,
  serviceDir?: string,
): Promise<ProcessResult> => {
  const dir = await mkdtemp(join(tmpdir(), 'bcs-offboard-package-'));
  try {
    return await oslsPackage(dir, params, {}, serviceDir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

const lambdaFunctions = (template: CfnTemplate): CfnResource[] =>
  resourcesOfType(template, 'AWS::Lambda::Function').map(([, resource]) => resource);

/** The names of the deployed functions, from their handlers `dist/<name>/index.handler`. */
const deployedFunctionNames = (template: CfnTemplate): string[] =>
  lambdaFunctions(template)
    .map((lambda) => /^dist\/(.+)\/index\.handler$/.exec(String(lambda.Properties.Handler))?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();

const functionByHandler = (template: CfnTemplate, name: string): CfnResource => {
  const found = lambdaFunctions(template).find(
    (resource) => resource.Properties.Handler === `dist/${name}/index.handler`,
  );
  if (!found) throw new Error(`no Lambda function with handler dist/${name}/index.handler`);
  return found;
};

const route = (template: CfnTemplate, routeKey: string): CfnResource => {
  const found = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').find(
    ([, resource]) => resource.Properties.RouteKey === routeKey,
  );
  if (!found) throw new Error(`no route ${routeKey}`);
  return found[1];
};

/** The route's integration and the handler of the function it invokes. */
const routeTarget = (template: CfnTemplate, routeKey: string) => {
  const target = route(template, routeKey).Properties.Target as {
    'Fn::Join': [string, [string, { Ref: string }]];
  };
  const integration = template.Resources[target['Fn::Join'][1][1].Ref];
  const uri = integration?.Properties.IntegrationUri as { 'Fn::GetAtt': [string, string] };
  const lambda = template.Resources[uri['Fn::GetAtt'][0]];
  return { integration, handler: lambda?.Properties.Handler };
};

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** Every IAM statement the stack would grant the functions' role, with defaults applied. */
const roleStatements = (template: CfnTemplate): Statement[] => {
  const documents = createdResources(template).flatMap(([, resource]) => {
    if (resource.Type === 'AWS::IAM::Role') {
      const policies = (resource.Properties.Policies ?? []) as { PolicyDocument: unknown }[];
      return policies.map((policy) => policy.PolicyDocument);
    }
    if (resource.Type === 'AWS::IAM::RolePolicy' || resource.Type === 'AWS::IAM::Policy') {
      return [resource.Properties.PolicyDocument];
    }
    return [];
  });
  return documents.flatMap(
    (document) => (evaluate(template, document) as { Statement: Statement[] }).Statement,
  );
};

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/** X-Ray's write actions: they take no resource but '*'. */
const XRAY_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];
const isXrayStatement = (statement: Statement): boolean =>
  asList(statement.Action).every((action) => XRAY_ACTIONS.includes(String(action)));

/** The logical id of a function's role: its `Role` is `Fn::GetAtt: [<role>, Arn]`. */
const roleIdOf = (template: CfnTemplate, name: string): string =>
  (functionByHandler(template, name).Properties.Role as { 'Fn::GetAtt': [string, string] })[
    'Fn::GetAtt'
  ][0];

/** What a role grants, as [Action, Resource] pairs, with every parameter at its default. */
const grantsOf = (template: CfnTemplate, roleId: string): unknown[][] => {
  const role = template.Resources[roleId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`no role ${roleId} in the template`);
  const policies = evaluate(template, role.Properties.Policies) as {
    PolicyDocument: { Statement: Statement[] };
  }[];
  return policies.flatMap(({ PolicyDocument }) =>
    PolicyDocument.Statement.map((statement) => [statement.Action, statement.Resource]),
  );
};

/** The event source mappings reading a queue of the template (by logical id). */
const mappingsOf = (template: CfnTemplate, queue: string) =>
  resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').filter(
    ([, mapping]) =>
      JSON.stringify(mapping.Properties.EventSourceArn) ===
      JSON.stringify({ 'Fn::GetAtt': [queue, 'Arn'] }),
  );

/** A function's environment variables, with every parameter at its default. */
const environmentOf = (template: CfnTemplate, name: string): Record<string, unknown> =>
  evaluate(
    template,
    (functionByHandler(template, name).Properties.Environment as { Variables: unknown }).Variables,
  ) as Record<string, unknown>;

/** The log streams of a function's own log group: what its role may write. */
const logStreamsOf = (name: string) => ({
  'Fn::Sub': `arn:aws:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/bcs-offboard-dev-${name}:*`,
});

/** The alarms of the template, with every parameter at its default. */
const alarms = (template: CfnTemplate): Record<string, unknown>[] =>
  resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(
    ([, alarm]) => evaluate(template, alarm.Properties) as Record<string, unknown>,
  );

/** Every string in a JSON value, keys included. */
const allStrings = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [key, ...allStrings(item)]);
  }
  return [];
};

/**
 * cfn-lint warnings allowed, each for a reason:
 * - W3005 (a DependsOn already implied by a Ref/GetAtt): osls writes these DependsOn itself on
 *   the HTTP API stage (its access log group) and routes (their integration); harmless, and no
 *   setting of serverless.yml removes them.
 */
const ALLOWED_CFN_LINT_WARNINGS = new Set(['W3005']);

const unexpectedFindings = (findings: CfnLintFinding[]): CfnLintFinding[] =>
  findings.filter(
    (finding) => finding.Level === 'Error' || !ALLOWED_CFN_LINT_WARNINGS.has(finding.Rule.Id),
  );

describe('serverless.yml, packaged offline by osls', () => {
  let iam: Packaged;
  let jwt: Packaged;
  const variants = () => [
    { name: 'IAM', packaged: iam },
    { name: 'JWT', packaged: jwt },
  ];

  beforeAll(async () => {
    [iam, jwt] = await Promise.all([packageInto(iamParams), packageInto(jwtParams)]);
  }, OSLS_TIMEOUT_MS);

  afterAll(async () => {
    for (const { packaged } of variants()) {
      if (packaged) await rm(packaged.dir, { recursive: true, force: true });
    }
  });

  it('runs every function on Node 24, arm64, in the smallest Lambda (128 MB)', () => {
    // Prepare
    const templates = variants().map(({ packaged }) => packaged.template);

    // Act
    const settings = templates.flatMap(lambdaFunctions).map((lambda) => ({
      runtime: lambda.Properties.Runtime,
      architectures: lambda.Properties.Architectures,
      memory: lambda.Properties.MemorySize,
    }));

    // Assess
    expect(settings.length).toBeGreaterThan(0);
    for (const setting of settings) {
      expect(setting).toEqual({ runtime: 'nodejs24.x', architectures: ['arm64'], memory: 128 });
    }
  });

  it('gives the HTTP functions 10 s, well within the 30 s API Gateway waits', () => {
    // Prepare
    const { template } = iam;

    // Act
    const timeouts = routes.map(
      ({ functionName }) => functionByHandler(template, functionName).Properties.Timeout,
    );

    // Assess
    expect(timeouts).toEqual(routes.map(() => 10));
  });

  it('deploys every file of functions/ as a function with handler dist/<function>/index.handler', async () => {
    // Prepare
    const names = await functionNames();

    // Act
    const deployed = deployedFunctionNames(iam.template);

    // Assess
    expect(names.length).toBeGreaterThan(0);
    expect(
      names.filter((name) => !deployed.includes(name)),
      'functions/ files with no function in serverless.yml (add a block under `functions:`)',
    ).toEqual([]);
    expect(
      deployed.filter((name) => !names.includes(name)),
      'functions with no source in functions/',
    ).toEqual([]);
  });

  it('zips each function with only its own, freshly built dist/<function>/index.mjs', async () => {
    // Prepare
    const names = deployedFunctionNames(iam.template);

    // Act
    const zips = await Promise.all(
      names.map(async (name) => ({
        name,
        s3Key: functionByHandler(iam.template, name).Properties.Code as { S3Key: string },
        entries: listZipEntries(await readFile(join(iam.dir, `${name}.zip`))),
        bundle: await readFile(join(root, 'dist', name, 'index.mjs')),
      })),
    );

    // Assess
    for (const { name, s3Key, entries, bundle } of zips) {
      expect(s3Key.S3Key.endsWith(`/${name}.zip`)).toBe(true);
      expect(entries).toEqual([{ name: `dist/${name}/index.mjs`, crc32: crc32(bundle) }]);
    }
  });

  it('routes each BCS path to its own function, with payload format 2.0', () => {
    // Prepare
    const { template } = iam;

    // Act
    const targets = routes.map(({ routeKey }) => routeTarget(template, routeKey));

    // Assess
    expect(resourcesOfType(template, 'AWS::ApiGatewayV2::Route')).toHaveLength(routes.length + 1);
    expect(routeTarget(template, slackRoute.routeKey).handler).toBe(
      `dist/${slackRoute.functionName}/index.handler`,
    );
    for (const [index, { functionName }] of routes.entries()) {
      expect(targets[index]?.handler).toBe(`dist/${functionName}/index.handler`);
      expect(targets[index]?.integration?.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
      });
    }
  });

  it('protects every route with AWS IAM authorization by default', () => {
    // Prepare
    const { template } = iam;

    // Act
    const authorizations = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(
      ([, resource]) => [resource.Properties.RouteKey, resource.Properties.AuthorizationType],
    );

    // Assess
    expect(authorizations.sort()).toEqual(
      [
        ...routes.map(({ routeKey }) => [routeKey, 'AWS_IAM']),
        [slackRoute.routeKey, undefined],
      ].sort(),
    );
    expect(resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer')).toEqual([]);
  });

  it('protects every route with the configured JWT authorizer when authorizer=jwt', () => {
    // Prepare
    const { template } = jwt;
    const [authorizer, ...others] = resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer');

    // Act
    const authorizations = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(
      ([, resource]) => [
        resource.Properties.RouteKey,
        resource.Properties.AuthorizationType,
        resource.Properties.AuthorizerId,
      ],
    );

    // Assess
    expect(others).toEqual([]);
    expect(authorizer?.[1].Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: jwtIssuerUrl, Audience: [jwtAudience] },
    });
    expect(authorizations.sort()).toEqual(
      [
        ...routes.map(({ routeKey }) => [routeKey, 'JWT', { Ref: authorizer?.[0] }]),
        [slackRoute.routeKey, undefined, undefined],
      ].sort(),
    );
  });

  it('lets the functions read exactly the credentials secret, and nothing wider', () => {
    // Prepare
    const templates = variants().map(({ packaged }) => packaged.template);

    // Act
    const statements = templates.flatMap(roleStatements);

    // Assess
    const secretStatements = statements.filter((statement) =>
      asList(statement.Action).some((action) => String(action).startsWith('secretsmanager:')),
    );
    // The credentials: one statement per role that signs in (every function but the Slack
    // command: eight). The Slack signing secret: the Slack command's role, only where it is set.
    const credentials = secretStatements.filter(
      (statement) => asList(statement.Resource)[0] === dummySecretArn,
    );
    const slack = secretStatements.filter(
      (statement) => asList(statement.Resource)[0] === slackSigningSecretArn,
    );
    expect(credentials).toHaveLength(templates.length * 8);
    expect(slack).toHaveLength(1);
    expect(secretStatements).toHaveLength(credentials.length + slack.length);
    for (const statement of secretStatements) {
      expect(statement.Effect).toBe('Allow');
      expect(asList(statement.Action)).toEqual(['secretsmanager:GetSecretValue']);
      expect(asList(statement.Resource)).toHaveLength(1);
    }
    for (const statement of statements.filter((each) => !isXrayStatement(each))) {
      expect(asList(statement.Action).filter((action) => String(action).includes('*'))).toEqual([]);
      expect(asList(statement.Resource)).not.toContain('*');
    }
  });

  it("names every resource it grants: the only wildcards are a named function's log streams, and X-Ray's when tracing", () => {
    // Prepare
    const templates = variants().map(({ packaged }) => packaged.template);
    const functionLogStreams =
      /^arn:aws:logs:\$\{AWS::Region\}:\$\{AWS::AccountId\}:log-group:\/aws\/lambda\/bcs-offboard-dev-(http-quit-consortium|http-remove-channel-orgs|http-operation-record|eventbridge-offboard|sqs-offboard|slack-command|slack-worker|slack-status|operation-tracker):\*$/;

    // Act
    const statements = templates.flatMap(roleStatements);
    const wildcards = statements
      .filter((statement) => !isXrayStatement(statement))
      .flatMap((statement) => [...asList(statement.Action), ...allStrings(statement.Resource)])
      .map(String)
      .filter((text) => text.includes('*'));
    const xray = statements.filter(isXrayStatement);

    // Assess
    expect(wildcards.length).toBeGreaterThan(0);
    for (const text of wildcards) expect(text).toMatch(functionLogStreams);
    for (const statement of xray) {
      expect(statement).toEqual({ Effect: 'Allow', Action: XRAY_ACTIONS, Resource: '*' });
    }
  });

  it('gives each function a role of its own, with only what its code uses, and no shared default role', () => {
    // Prepare
    const { template } = iam;
    const logs = ['logs:CreateLogStream', 'logs:PutLogEvents'];
    const credentials = ['secretsmanager:GetSecretValue', dummySecretArn];
    const outcomeBus = [
      'events:PutEvents',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
      { 'Fn::Sub': 'arn:aws:events:${AWS::Region}:${AWS::AccountId}:event-bus/default' },
    ];
    const idempotencyTable = [
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
      { 'Fn::GetAtt': ['IdempotencyTable', 'Arn'] },
    ];
    const expected = {
      'http-quit-consortium': [[logs, logStreamsOf('http-quit-consortium')], credentials],
      'http-remove-channel-orgs': [[logs, logStreamsOf('http-remove-channel-orgs')], credentials],
      'http-operation-record': [[logs, logStreamsOf('http-operation-record')], credentials],
      'eventbridge-offboard': [
        [logs, logStreamsOf('eventbridge-offboard')],
        credentials,
        outcomeBus,
        ['sqs:SendMessage', { 'Fn::GetAtt': ['EventDeadLetterQueue', 'Arn'] }],
        idempotencyTable,
      ],
      'sqs-offboard': [
        [logs, logStreamsOf('sqs-offboard')],
        credentials,
        outcomeBus,
        [
          ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
          { 'Fn::GetAtt': ['RequestQueue', 'Arn'] },
        ],
        ['sqs:SendMessage', { 'Fn::GetAtt': ['RequestDeadLetterQueue', 'Arn'] }],
        idempotencyTable,
      ],
      // Without slackSigningSecretArn: no secret at all (see the Slack test for one).
      'slack-command': [
        [logs, logStreamsOf('slack-command')],
        [
          'lambda:InvokeFunction',
          [
            {
              'Fn::Sub':
                // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
                'arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:bcs-offboard-dev-slack-worker',
            },
            {
              'Fn::Sub':
                // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
                'arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:bcs-offboard-dev-slack-status',
            },
          ],
        ],
      ],
      // A read: its logs and the credentials, nothing else.
      'slack-status': [[logs, logStreamsOf('slack-status')], credentials],
      'slack-worker': [
        [logs, logStreamsOf('slack-worker')],
        credentials,
        idempotencyTable,
        // Used by Lambda's on-success destination, not by the worker's code.
        ['sqs:SendMessage', { 'Fn::GetAtt': ['TrackingQueue', 'Arn'] }],
      ],
      'operation-tracker': [
        [logs, logStreamsOf('operation-tracker')],
        credentials,
        outcomeBus,
        [
          ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
          { 'Fn::GetAtt': ['TrackingQueue', 'Arn'] },
        ],
        ['sqs:SendMessage', { 'Fn::GetAtt': ['TrackingQueue', 'Arn'] }],
        idempotencyTable,
      ],
    };

    // Act
    const roleIds = Object.fromEntries(
      Object.keys(expected).map((name) => [name, roleIdOf(template, name)]),
    );
    const grants = Object.fromEntries(
      Object.entries(roleIds).map(([name, roleId]) => [name, grantsOf(template, roleId)]),
    );

    // Assess
    expect(roleIds).toEqual({
      'http-quit-consortium': 'HttpQuitConsortiumRole',
      'http-remove-channel-orgs': 'HttpRemoveChannelOrgsRole',
      'http-operation-record': 'HttpOperationRecordRole',
      'eventbridge-offboard': 'EventBridgeOffboardRole',
      'sqs-offboard': 'SqsOffboardRole',
      'slack-command': 'SlackCommandRole',
      'slack-status': 'SlackStatusRole',
      'slack-worker': 'SlackWorkerRole',
      'operation-tracker': 'OperationTrackerRole',
    });
    expect(deployedFunctionNames(template)).toEqual(Object.keys(expected).sort());
    expect(resourcesOfType(template, 'AWS::IAM::Role').map(([id]) => id)).toEqual(
      expect.arrayContaining(Object.values(roleIds)),
    );
    expect(resourcesOfType(template, 'AWS::IAM::Role')).toHaveLength(Object.keys(expected).length);
    expect(grants).toEqual(expected);
  });

  it('grants kms:Decrypt only when kmsKeyArn is given: on that key, through Secrets Manager, for that secret', () => {
    // Prepare
    const templates = { iam: iam.template, jwt: jwt.template };

    // Act
    const kmsStatements = Object.fromEntries(
      Object.entries(templates).map(([name, template]) => [
        name,
        roleStatements(template).filter((statement) =>
          asList(statement.Action).some((action) => String(action).startsWith('kms:')),
        ),
      ]),
    );

    const kmsPolicies = resourcesOfType(jwt.template, 'AWS::IAM::Policy').filter(([, policy]) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes('kms:Decrypt'),
    );
    const rolesReadingCredentials = resourcesOfType(jwt.template, 'AWS::IAM::Role')
      .filter(([id]) => JSON.stringify(grantsOf(jwt.template, id)).includes(dummySecretArn))
      .map(([id]) => ({ Ref: id }));

    // Assess
    expect(kmsPolicies).toHaveLength(1);
    expect(kmsPolicies[0]?.[1].Condition).toBe('HasKmsKey');
    expect(kmsPolicies[0]?.[1].Properties.Roles).toEqual(
      expect.arrayContaining(rolesReadingCredentials),
    );
    expect(kmsPolicies[0]?.[1].Properties.Roles).toHaveLength(rolesReadingCredentials.length);
    expect(kmsStatements.iam).toEqual([]);
    expect(kmsStatements.jwt).toEqual([
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: kmsKeyArn,
        Condition: {
          StringEquals: {
            'kms:ViaService': `secretsmanager.${AWS_REGION}.amazonaws.com`,
            'kms:EncryptionContext:SecretARN': dummySecretArn,
          },
        },
      },
    ]);
  });

  it('gives each function only the environment its code reads, leaving unset options out', async () => {
    // Prepare
    const bcs = {
      HUAWEICLOUD_REGION: 'cn-north-4',
      HUAWEICLOUD_CREDENTIALS_SECRET: dummySecretArn,
    };
    const idempotency = {
      IDEMPOTENCY_TABLE_NAME: { Ref: 'IdempotencyTable' },
      IDEMPOTENCY_TTL_SECONDS: '3600',
    };
    const expected: Record<string, Record<string, unknown>> = {
      'http-quit-consortium': bcs,
      'http-remove-channel-orgs': bcs,
      'http-operation-record': bcs,
      'eventbridge-offboard': {
        ...bcs,
        ...idempotency,
        OUTCOME_EVENT_BUS_NAME: 'default',
        ALLOWED_EVENT_SOURCES: 'bcs-offboard.requests',
      },
      'sqs-offboard': {
        ...bcs,
        ...idempotency,
        OUTCOME_EVENT_BUS_NAME: 'default',
        DEAD_LETTER_QUEUE_URL: { Ref: 'RequestDeadLetterQueue' },
      },
      // Never signs in: no credentials secret, region or endpoint.
      'slack-command': {
        SLACK_SIGNING_SECRET_ARN: '',
        SLACK_ALLOWED_USER_IDS: '',
        SLACK_ALLOWED_TEAM_IDS: '',
        SLACK_WORKER_FUNCTION_NAME: 'bcs-offboard-dev-slack-worker',
        SLACK_STATUS_FUNCTION_NAME: 'bcs-offboard-dev-slack-status',
        HUAWEICLOUD_PROJECT_ID: '',
        HUAWEICLOUD_DOMAIN_ID: '',
        BCS_INSTANCE_ID: '',
      },
      'slack-worker': { ...bcs, ...idempotency, SLACK_RESPONSE_URL_HOSTS: 'hooks.slack.com' },
      'slack-status': { ...bcs, SLACK_RESPONSE_URL_HOSTS: 'hooks.slack.com' },
      'operation-tracker': {
        ...bcs,
        ...idempotency,
        OUTCOME_EVENT_BUS_NAME: 'default',
        TRACKING_QUEUE_URL: { Ref: 'TrackingQueue' },
        TRACKING_MAX_AGE_SECONDS: '21600',
        SLACK_RESPONSE_URL_HOSTS: 'hooks.slack.com',
      },
    };
    const optional = {
      ALLOWED_PROJECT_IDS: jwtParams.allowedProjectIds,
      BCS_ENDPOINT: jwtParams.bcsEndpoint,
      IAM_ENDPOINT: jwtParams.iamEndpoint,
    };
    const names = Object.keys(expected);

    // Act
    const iamEnvironments = Object.fromEntries(
      names.map((name) => [name, environmentOf(iam.template, name)]),
    );
    const jwtEnvironments = Object.fromEntries(
      names.map((name) => [name, environmentOf(jwt.template, name)]),
    );
    const bundles = Object.fromEntries(
      await Promise.all(
        names.map(async (name) => [
          name,
          await readFile(join(root, 'dist', name, 'index.mjs'), 'utf8'),
        ]),
      ),
    );

    // Assess
    expect(iamEnvironments).toEqual(expected);
    for (const name of names) {
      const variables = Object.keys(jwtEnvironments[name] ?? {});
      // Every variable a function is given is one its bundle reads.
      expect(variables.filter((variable) => !bundles[name]?.includes(variable))).toEqual([]);
      // The optional settings where they are read: lib/config/, and the Slack command's dry runs.
      const reads = Object.keys(optional).filter((variable) => bundles[name]?.includes(variable));
      expect(jwtEnvironments[name]).toMatchObject(
        Object.fromEntries(
          reads.map((variable) => [variable, optional[variable as keyof typeof optional]]),
        ),
      );
    }
    expect(jwtEnvironments['slack-command']).toHaveProperty('ALLOWED_PROJECT_IDS');
    expect(jwtEnvironments['slack-command']).not.toHaveProperty('BCS_ENDPOINT');
  });

  it('writes no credential into anything it packages', async () => {
    // Prepare
    const secretLooking = [
      /password|passwd/i,
      /\b(AKIA|ASIA)[0-9A-Z]{16}\b/,
      /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
      /aws_secret_access_key|x-auth-token|x-subject-token/i,
    ];

    // Act
    const files = await Promise.all(
      variants().flatMap(({ packaged }) => [
        readFile(join(packaged.dir, 'cloudformation-template-update-stack.json'), 'utf8'),
        readFile(join(packaged.dir, 'cloudformation-template-create-stack.json'), 'utf8'),
        readFile(join(packaged.dir, 'serverless-state.json'), 'utf8'),
      ]),
    );
    const templateStrings = variants().flatMap(({ packaged }) => allStrings(packaged.template));

    // Assess
    for (const text of files) {
      for (const canary of Object.values(canaries)) expect(text).not.toContain(canary);
    }
    for (const pattern of secretLooking) {
      expect(templateStrings.filter((text) => pattern.test(text))).toEqual([]);
    }
  });

  it(`keeps ${LOG_RETENTION_DAYS} days of logs for every function and for the HTTP API access log`, () => {
    // Prepare
    const { template } = iam;

    // Act
    const logGroups = resourcesOfType(template, 'AWS::Logs::LogGroup').map(
      ([, resource]) => resource.Properties,
    );

    // Assess
    const names = logGroups.map((group) => group.LogGroupName);
    for (const lambda of lambdaFunctions(template)) {
      expect(names).toContain(`/aws/lambda/${String(lambda.Properties.FunctionName)}`);
    }
    expect(names.some((name) => String(name).startsWith('/aws/http-api/'))).toBe(true);
    for (const group of logGroups) expect(group.RetentionInDays).toBe(LOG_RETENTION_DAYS);
  });

  it('writes one JSON access-log line per request: the caller, the real path and both request ids, named as the functions name them', () => {
    // Prepare
    const formats = variants().map(({ packaged }) => {
      const [[, stage] = []] = resourcesOfType(packaged.template, 'AWS::ApiGatewayV2::Stage');
      return (stage?.Properties.AccessLogSettings as { Format?: string } | undefined)?.Format;
    });

    // Act
    const lines = formats.map((format) => JSON.parse(String(format)) as Record<string, string>);

    // Assess
    for (const line of lines) {
      expect(line).toMatchObject({
        api_request_id: '$context.requestId',
        aws_request_id: '$context.integration.requestId',
        route: '$context.routeKey',
        path: '$context.path',
        status: '$context.status',
        caller_arn: '$context.identity.userArn',
        caller_account: '$context.identity.accountId',
        caller_id: '$context.identity.caller',
        jwt_sub: '$context.authorizer.claims.sub',
        jwt_iss: '$context.authorizer.claims.iss',
      });
      for (const value of Object.values(line)) expect(value).toMatch(/^\$context\.[\w.]+$/);
    }
  });

  it(
    'passes cfn-lint with no error and no warning other than the explained ones',
    async () => {
      // Prepare
      const templates = variants().flatMap(({ packaged }) => [
        join(packaged.dir, 'cloudformation-template-update-stack.json'),
        join(packaged.dir, 'cloudformation-template-create-stack.json'),
      ]);

      // Act
      const findings = await cfnLint(templates, AWS_REGION);

      // Assess
      expect(
        unexpectedFindings(findings).map(
          (finding) =>
            `${finding.Level} ${finding.Rule.Id} at ${(finding.Location.Path ?? []).join('/')}: ${finding.Message}`,
        ),
      ).toEqual([]);
    },
    CFN_LINT_TIMEOUT_MS,
  );

  it('triggers eventbridge-offboard with one rule on the two detail-types from the trusted sources only, retrying into a dead-letter queue', () => {
    // Prepare
    const detailTypes = ['BCS Quit Consortium Requested', 'BCS Remove Channel Orgs Requested'];
    // The rule osls makes of the function's eventBridge event (the stack's other rule feeds
    // the tracking queue).
    const patternOf = (template: CfnTemplate) => {
      const rules = resourcesOfType(template, 'AWS::Events::Rule')
        .map(([, rule]) => rule)
        .filter((rule) => JSON.stringify(rule.Properties.Targets).includes('EventbridgeDash'));
      expect(rules).toHaveLength(1);
      return evaluate(template, rules[0]?.Properties.EventPattern);
    };
    const { template } = iam;
    const lambda = functionByHandler(template, 'eventbridge-offboard');

    // Act
    const iamPattern = patternOf(template);
    const jwtPattern = patternOf(jwt.template);
    // osls emits resources in no fixed order: pick the invoke config by the function it configures.
    const invokeConfig = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig').find(
      ([, config]) =>
        (config.Properties.FunctionName as { Ref?: unknown } | undefined)?.Ref ===
        'EventbridgeDashoffboardLambdaFunction',
    );

    // Assess
    expect(iamPattern).toEqual({ source: ['bcs-offboard.requests'], 'detail-type': detailTypes });
    expect(jwtPattern).toEqual({ source: eventSources, 'detail-type': detailTypes });
    // The function's own check reads the same list.
    expect(environmentOf(template, 'eventbridge-offboard').ALLOWED_EVENT_SOURCES).toBe(
      'bcs-offboard.requests',
    );
    expect(environmentOf(jwt.template, 'eventbridge-offboard').ALLOWED_EVENT_SOURCES).toBe(
      eventSources.join(','),
    );
    expect(invokeConfig?.[1].Properties).toMatchObject({
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': ['EventDeadLetterQueue', 'Arn'] } },
      },
    });
    expect(lambda.Properties.Timeout).toBe(30);
  });

  it('feeds sqs-offboard from the request queue with partial batch failures and a redrive to the dead-letter queue', () => {
    // Prepare
    const { template } = iam;
    const queues = Object.fromEntries(resourcesOfType(template, 'AWS::SQS::Queue'));

    // Act
    const [mapping] = mappingsOf(template, 'RequestQueue');
    const lambda = functionByHandler(template, 'sqs-offboard');

    // Assess
    expect(mapping?.[1].Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['RequestQueue', 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(queues.RequestQueue?.Properties).toMatchObject({
      VisibilityTimeout: 6 * Number(lambda.Properties.Timeout),
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['RequestDeadLetterQueue', 'Arn'] } },
    });
    expect(lambda.Properties.Environment).toMatchObject({
      Variables: { DEAD_LETTER_QUEUE_URL: { Ref: 'RequestDeadLetterQueue' } },
    });
  });

  it('feeds operation-tracker from the tracking queue: tracking messages and worker results only, partial batch failures, a redrive to its dead-letter queue', () => {
    // Prepare
    const { template } = iam;
    const queues = Object.fromEntries(resourcesOfType(template, 'AWS::SQS::Queue'));
    const lambda = functionByHandler(template, 'operation-tracker');

    // Act
    const mappings = mappingsOf(template, 'TrackingQueue');
    const criteria = mappings[0]?.[1].Properties.FilterCriteria as
      | { Filters: { Pattern: string }[] }
      | undefined;
    const filters = (criteria?.Filters ?? []).map(({ Pattern }) => JSON.parse(Pattern));

    // Assess
    expect(mappings).toHaveLength(1);
    expect(mappings[0]?.[1].Properties).toMatchObject({
      FunctionName: { 'Fn::GetAtt': ['OperationDashtrackerLambdaFunction', 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(filters).toEqual([
      { body: { operation_id: [{ exists: true }] } },
      { body: { responsePayload: { track: { operation_id: [{ exists: true }] } } } },
    ]);
    expect(queues.TrackingQueue?.Properties).toMatchObject({
      VisibilityTimeout: 6 * Number(lambda.Properties.Timeout),
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['TrackingDeadLetterQueue', 'Arn'] } },
    });
    expect(queues.TrackingDeadLetterQueue?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
    });
  });

  it('starts the tracking of every accepted operation: the outcome rule makes its event a tracking message, and only it may send to the queue', () => {
    // Prepare
    const { template } = jwt;
    const rule = template.Resources.AcceptedOperationsRule;
    const [target] = (rule?.Properties.Targets ?? []) as {
      Arn: unknown;
      InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string };
    }[];
    const accepted = {
      'detail-type': 'BCS Offboarding Succeeded',
      source: 'bcs-offboard',
      time: '2026-11-23T09:00:00Z',
      detail: {
        trigger: 'sqs',
        correlation_id: 'offboarding-42',
        result: 'succeeded',
        operation: 'remove-channel-orgs',
        status: 200,
        operation_id: 'BCSSVC01-06-1624275286218943067',
        project_id: '0f5c2e8a91d34b6c8e7fa2b1c9d04e36',
      },
    };

    // Act: what EventBridge sends, each unquoted placeholder replaced by its JSON value.
    const message = applyInputTransformer(
      target?.InputTransformer ?? { InputPathsMap: {}, InputTemplate: '' },
      accepted,
    );
    const policy = evaluate(template, template.Resources.TrackingQueuePolicy?.Properties);

    // Assess
    expect(rule?.Properties).toMatchObject({
      EventBusName: 'default',
      EventPattern: { source: ['bcs-offboard'], 'detail-type': ['BCS Offboarding Succeeded'] },
    });
    expect(target?.Arn).toEqual({ 'Fn::GetAtt': ['TrackingQueue', 'Arn'] });
    // What the tests that run the tracker without packaging, and npm start, read from serverless.yml.
    expect(target?.InputTransformer).toEqual(acceptedRuleTransformer());
    expect(rule?.Properties.EventPattern).toEqual(acceptedRulePattern());
    expect(readTrackingJob(message)).toEqual({
      operation: 'remove-channel-orgs',
      operation_id: 'BCSSVC01-06-1624275286218943067',
      project_id: '0f5c2e8a91d34b6c8e7fa2b1c9d04e36',
      correlation_id: 'offboarding-42',
      trigger: 'sqs',
      accepted_at: Date.parse('2026-11-23T09:00:00Z'),
      attempt: 1,
    });
    expect(policy).toEqual({
      Queues: [{ Ref: 'TrackingQueue' }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: { 'Fn::GetAtt': ['TrackingQueue', 'Arn'] },
            Condition: {
              ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['AcceptedOperationsRule', 'Arn'] } },
            },
          },
        ],
      },
    });
  });

  it('sends what the Slack worker returns to the tracking queue, and follows operations 6 hours by default', () => {
    // Prepare
    const { template } = iam;

    // Act
    const workerConfig = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig').find(
      ([, config]) =>
        (config.Properties.FunctionName as { Ref?: unknown }).Ref ===
        'SlackDashworkerLambdaFunction',
    );

    // Assess
    expect(workerConfig?.[1].Properties).toMatchObject({
      MaximumRetryAttempts: 0,
      DestinationConfig: {
        OnSuccess: { Destination: { 'Fn::GetAtt': ['TrackingQueue', 'Arn'] } },
      },
    });
    expect(environmentOf(template, 'operation-tracker').TRACKING_MAX_AGE_SECONDS).toBe('21600');
  });

  it('remembers what the event functions and the Slack worker ran in one encrypted table with a TTL, theirs alone', () => {
    // Prepare
    const { template } = iam;
    const [table, ...others] = resourcesOfType(template, 'AWS::DynamoDB::Table');
    const tableUsers = [
      'eventbridge-offboard',
      'sqs-offboard',
      'slack-worker',
      'operation-tracker',
    ];
    const grantsOnTable = Object.entries(
      Object.fromEntries(resourcesOfType(template, 'AWS::IAM::Role')),
    )
      .filter(([, role]) => JSON.stringify(role.Properties.Policies).includes('IdempotencyTable'))
      .map(([name]) => name)
      .sort();

    // Act
    const environments = Object.fromEntries(
      [...tableUsers, 'http-quit-consortium', 'slack-command'].map((name) => [
        name,
        (
          functionByHandler(template, name).Properties.Environment as {
            Variables: Record<string, unknown>;
          }
        ).Variables,
      ]),
    );

    // Assess
    expect(others).toEqual([]);
    expect(table?.[0]).toBe('IdempotencyTable');
    expect(table?.[1].Properties).toEqual({
      TableName: 'bcs-offboard-dev-idempotency',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      SSESpecification: { SSEEnabled: true },
    });
    for (const name of tableUsers) {
      expect(environments[name]).toMatchObject({
        IDEMPOTENCY_TABLE_NAME: { Ref: 'IdempotencyTable' },
        IDEMPOTENCY_TTL_SECONDS: '3600',
      });
    }
    expect(environments['http-quit-consortium']).not.toHaveProperty('IDEMPOTENCY_TABLE_NAME');
    expect(environments['slack-command']).not.toHaveProperty('IDEMPOTENCY_TABLE_NAME');
    expect(grantsOnTable).toEqual([
      'EventBridgeOffboardRole',
      'OperationTrackerRole',
      'SlackWorkerRole',
      'SqsOffboardRole',
    ]);
  });

  it('wires the Slack command to its worker and its status function: async, never retried, each with a role of its own', () => {
    // Prepare
    const { template } = jwt;
    const command = functionByHandler(template, 'slack-command');
    const worker = functionByHandler(template, 'slack-worker');
    const status = functionByHandler(template, 'slack-status');
    const grants = (name: string) => grantsOf(template, name);
    // jwt traces: every role ends with X-Ray's statement.
    const xray = [XRAY_ACTIONS, '*'];

    // Act
    const invokeConfigs = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig').map(
      ([, config]) => config.Properties,
    );

    // Assess
    expect(command.Properties.Role).toEqual({ 'Fn::GetAtt': ['SlackCommandRole', 'Arn'] });
    expect(worker.Properties.Role).toEqual({ 'Fn::GetAtt': ['SlackWorkerRole', 'Arn'] });
    expect(status.Properties.Role).toEqual({ 'Fn::GetAtt': ['SlackStatusRole', 'Arn'] });
    expect(command.Properties.Environment).toMatchObject({
      Variables: {
        SLACK_SIGNING_SECRET_ARN: slackSigningSecretArn,
        SLACK_WORKER_FUNCTION_NAME: 'bcs-offboard-dev-slack-worker',
        SLACK_STATUS_FUNCTION_NAME: 'bcs-offboard-dev-slack-status',
      },
    });
    for (const name of ['SlackDashworkerLambdaFunction', 'SlackDashstatusLambdaFunction']) {
      expect(invokeConfigs).toContainEqual(
        expect.objectContaining({ FunctionName: { Ref: name }, MaximumRetryAttempts: 0 }),
      );
    }
    expect(grants('SlackStatusRole').slice(1)).toEqual([
      ['secretsmanager:GetSecretValue', dummySecretArn],
      xray,
    ]);
    expect(grants('SlackCommandRole').slice(1)).toEqual([
      [
        'lambda:InvokeFunction',
        [
          {
            'Fn::Sub':
              // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
              'arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:bcs-offboard-dev-slack-worker',
          },
          {
            'Fn::Sub':
              // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
              'arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:bcs-offboard-dev-slack-status',
          },
        ],
      ],
      ['secretsmanager:GetSecretValue', slackSigningSecretArn],
      xray,
    ]);
    expect(grants('SlackWorkerRole').slice(1)).toEqual([
      ['secretsmanager:GetSecretValue', dummySecretArn],
      [
        ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
        { 'Fn::GetAtt': ['IdempotencyTable', 'Arn'] },
      ],
      ['sqs:SendMessage', { 'Fn::GetAtt': ['TrackingQueue', 'Arn'] }],
      xray,
    ]);
  });

  it('traces with X-Ray only when tracing=Active, and only then lets each role write traces', () => {
    // Prepare
    const tracingOf = (template: CfnTemplate) =>
      lambdaFunctions(template).map((lambda) => lambda.Properties.TracingConfig);
    const xrayGrants = (template: CfnTemplate) =>
      resourcesOfType(template, 'AWS::IAM::Role').map(
        ([id]) =>
          grantsOf(template, id).filter(
            ([action]) => JSON.stringify(action) === JSON.stringify(XRAY_ACTIONS),
          ).length,
      );

    // Act
    const iamTracing = tracingOf(iam.template);
    const jwtTracing = tracingOf(jwt.template);

    // Assess: PassThrough is Lambda's own default (no trace of ours).
    expect(iamTracing.length).toBeGreaterThan(0);
    for (const tracing of iamTracing) expect(tracing).toEqual({ Mode: 'PassThrough' });
    for (const tracing of jwtTracing) expect(tracing).toEqual({ Mode: 'Active' });
    expect(xrayGrants(iam.template).every((count) => count === 0)).toBe(true);
    expect(xrayGrants(jwt.template).every((count) => count === 1)).toBe(true);
  });

  it('alarms on every dead-letter queue as soon as it holds a message', () => {
    // Prepare
    const { template } = iam;
    const queueOf = (arn: unknown) => (arn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const deadLetterQueues = [
      ...resourcesOfType(template, 'AWS::SQS::Queue').flatMap(([, queue]) => {
        const redrive = queue.Properties.RedrivePolicy as
          | { deadLetterTargetArn?: unknown }
          | undefined;
        return redrive?.deadLetterTargetArn ? [queueOf(redrive.deadLetterTargetArn)] : [];
      }),
      ...resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig').flatMap(([, config]) => {
        const destination = (
          config.Properties.DestinationConfig as
            | { OnFailure?: { Destination: unknown } }
            | undefined
        )?.OnFailure?.Destination;
        return destination ? [queueOf(destination)] : [];
      }),
    ];

    // Act
    const queueAlarms = alarms(template).filter((alarm) => alarm.Namespace === 'AWS/SQS');

    // Assess
    expect(deadLetterQueues.sort()).toEqual([
      'EventDeadLetterQueue',
      'RequestDeadLetterQueue',
      'TrackingDeadLetterQueue',
    ]);
    expect(
      queueAlarms
        .map((alarm) => queueOf((alarm.Dimensions as { Value: unknown }[])[0]?.Value))
        .sort(),
    ).toEqual(deadLetterQueues.sort());
    for (const alarm of queueAlarms) {
      expect(alarm).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName' }],
        Statistic: 'Maximum',
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        EvaluationPeriods: 1,
      });
    }
  });

  it("alarms on every function's errors and throttles", () => {
    // Prepare
    const { template } = iam;
    const functionIds = resourcesOfType(template, 'AWS::Lambda::Function').map(([id]) => id);

    // Act
    const functionAlarms = alarms(template).filter((alarm) => alarm.Namespace === 'AWS/Lambda');
    const watched = functionAlarms.map(
      (alarm) =>
        `${(alarm.Dimensions as { Value: { Ref: string } }[])[0]?.Value.Ref} ${alarm.MetricName}`,
    );

    // Assess
    expect(functionIds).toHaveLength(9);
    expect(watched.sort()).toEqual(
      functionIds.flatMap((id) => [`${id} Errors`, `${id} Throttles`]).sort(),
    );
    for (const alarm of functionAlarms) {
      expect(alarm).toMatchObject({
        Dimensions: [{ Name: 'FunctionName' }],
        Statistic: 'Sum',
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1,
        TreatMissingData: 'notBreaching',
      });
    }
  });

  it('alarms when an event from an untrusted source reaches eventbridge-offboard', () => {
    // Prepare
    const { template } = iam;
    const filters = resourcesOfType(template, 'AWS::Logs::MetricFilter').map(
      ([, filter]) => filter.Properties,
    );
    const logGroup = resourcesOfType(template, 'AWS::Logs::LogGroup').find(
      ([, group]) =>
        group.Properties.LogGroupName === '/aws/lambda/bcs-offboard-dev-eventbridge-offboard',
    );

    // Act
    const [filter, ...others] = filters;
    const metric = (
      filter?.MetricTransformations as { MetricNamespace: string; MetricName: string }[] | undefined
    )?.[0];
    const alarm = alarms(template).find(
      (each) =>
        each.Namespace === metric?.MetricNamespace && each.MetricName === metric?.MetricName,
    );

    // Assess
    expect(others).toEqual([]);
    expect(filter?.LogGroupName).toEqual({ Ref: logGroup?.[0] });
    expect(filter?.FilterPattern).toBe(`{ $.error_code = "${ErrorCodes.untrustedEventSource}" }`);
    expect(alarm).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it("notifies the stack's own topic by default, and only the deployment's topic when alarmTopicArn is given", () => {
    // Prepare
    const topicsCreated = (template: CfnTemplate) =>
      createdResources(template).filter(([, resource]) => resource.Type === 'AWS::SNS::Topic');

    // Act
    const iamActions = alarms(iam.template).map((alarm) => [alarm.AlarmActions, alarm.OKActions]);
    const jwtActions = alarms(jwt.template).map((alarm) => [alarm.AlarmActions, alarm.OKActions]);

    // Assess
    expect(iamActions).toHaveLength(22);
    for (const actions of iamActions)
      expect(actions).toEqual([[{ Ref: 'AlarmTopic' }], [{ Ref: 'AlarmTopic' }]]);
    expect(topicsCreated(iam.template).map(([id]) => id)).toEqual(['AlarmTopic']);
    expect(evaluate(iam.template, iam.template.Outputs?.AlarmTopicArn?.Value)).toEqual({
      Ref: 'AlarmTopic',
    });
    expect(jwtActions).toHaveLength(22);
    for (const actions of jwtActions) expect(actions).toEqual([[alarmTopicArn], [alarmTopicArn]]);
    expect(topicsCreated(jwt.template)).toEqual([]);
    expect(evaluate(jwt.template, jwt.template.Outputs?.AlarmTopicArn?.Value)).toBe(alarmTopicArn);
  });

  it('throttles the public Slack route, once the route exists, and no other', () => {
    // Prepare
    const { template } = iam;
    const [stage, ...others] = resourcesOfType(template, 'AWS::ApiGatewayV2::Stage');
    const slackRouteId = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').find(
      ([, resource]) => resource.Properties.RouteKey === slackRoute.routeKey,
    )?.[0];

    // Act
    const settings = stage?.[1].Properties.RouteSettings as Record<string, Record<string, number>>;

    // Assess
    expect(others).toEqual([]);
    expect(Object.keys(settings)).toEqual([slackRoute.routeKey]);
    expect(settings[slackRoute.routeKey]).toEqual({
      ThrottlingRateLimit: 5,
      ThrottlingBurstLimit: 10,
    });
    expect(asList(stage?.[1].DependsOn)).toContain(slackRouteId);
  });

  it("serves with npm start's local gateway exactly the routes it deploys, to the same functions", () => {
    // Prepare
    const { template } = iam;

    // Act
    const deployed = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, resource]) => {
      const routeKey = String(resource.Properties.RouteKey);
      return `${routeKey} -> ${routeTarget(template, routeKey).handler}`;
    });

    // Assess
    expect(deployed.sort()).toEqual(
      localRoutes
        .map((local) => `${local.method} ${local.path} -> dist/${local.functionName}/index.handler`)
        .sort(),
    );
  });

  it('writes the two templates, its state and one zip per function into the package folder', async () => {
    // Prepare
    const expected = [
      'cloudformation-template-create-stack.json',
      'cloudformation-template-update-stack.json',
      'serverless-state.json',
      ...deployedFunctionNames(iam.template).map((name) => `${name}.zip`),
    ];

    // Act
    const written = await readdir(iam.dir);

    // Assess
    expect(written.sort()).toEqual(expected.sort());
  });
});

describe('serverless.yml, refusing unsafe configurations', () => {
  it(
    'refuses to package without the credentials secret ARN, saying how to pass it',
    async () => {
      // Prepare
      const params = {};

      // Act
      const result = await packageExpectingFailure(params);

      // Assess
      expect(result.code).not.toBe(0);
      expect(result.output).toContain('bcs-offboard cannot be packaged');
      expect(result.output).toContain(
        'credentialsSecretArn is not set: create the secret (README, Deploying) and pass its full ARN: --param credentialsSecretArn=arn:aws:secretsmanager:',
      );
    },
    OSLS_TIMEOUT_MS,
  );

  it(
    "refuses a secret's name where its ARN belongs, and every other malformed setting, all at once",
    async () => {
      // Prepare
      const params = {
        credentialsSecretArn: 'bcs-offboard/huawei',
        slackSigningSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:slack',
        eventSources: 'aws.events',
        alarmTopicArn: 'alarms',
      };

      // Act
      const result = await packageExpectingFailure(params);

      // Assess
      expect(result.code).not.toBe(0);
      expect(result.output).toContain(
        'credentialsSecretArn must be the full ARN of the secret, not its name "bcs-offboard/huawei": `aws secretsmanager describe-secret --secret-id bcs-offboard/huawei --query ARN --output text` prints it',
      );
      expect(result.output).toContain('slackSigningSecretArn "arn:aws:secretsmanager:');
      expect(result.output).toContain('lacks the 6-character suffix');
      expect(result.output).toContain('eventSources: "aws.events" is an AWS service\'s source');
      expect(result.output).toContain('alarmTopicArn "alarms" is not an ARN');
    },
    OSLS_TIMEOUT_MS,
  );

  it(
    'refuses to package before the build, naming the missing bundles',
    async () => {
      // Prepare: the service without dist/ (the project's own dist/ serves the other tests).
      const serviceDir = await mkdtemp(join(tmpdir(), 'bcs-offboard-unbuilt-'));
      for (const file of serviceFiles) {
        await mkdir(join(serviceDir, file, '..'), { recursive: true });
        await copyFile(join(root, file), join(serviceDir, file));
      }

      // Act
      const result = await packageExpectingFailure(iamParams, serviceDir).finally(() =>
        rm(serviceDir, { recursive: true, force: true }),
      );

      // Assess
      expect(result.code).not.toBe(0);
      expect(result.output).toContain('no build: dist/http-quit-consortium/index.mjs, ');
      expect(result.output).toContain('dist/slack-worker/index.mjs, ');
      expect(result.output).toContain(
        'dist/operation-tracker/index.mjs are missing; run `npm run build` first',
      );
    },
    OSLS_TIMEOUT_MS,
  );

  it(
    'refuses an authorizer other than iam or jwt, so that no route is ever public',
    async () => {
      // Prepare
      const params = { ...iamParams, authorizer: 'none' };

      // Act
      const result = await packageExpectingFailure(params);

      // Assess
      expect(result.code).not.toBe(0);
      expect(result.output).toContain('httpApi.authorizer');
    },
    OSLS_TIMEOUT_MS,
  );

  it(
    'refuses a JWT authorizer without its issuer and audience',
    async () => {
      // Prepare
      const params = { ...iamParams, authorizer: 'jwt' };

      // Act
      const result = await packageExpectingFailure(params);

      // Assess
      expect(result.code).not.toBe(0);
      expect(result.output).toContain('provider.httpApi.authorizers.jwt.issuerUrl');
      expect(result.output).toContain('provider.httpApi.authorizers.jwt.audience');
    },
    OSLS_TIMEOUT_MS,
  );
});
