/**
 * The rules a deployment's settings (the osls params of `serverless.yml`) must follow, each
 * broken rule told with its fix. osls takes any string for these and packages a stack that
 * fails later: at deploy time, or worse, at run time (a policy naming a secret by its name
 * grants nothing, and every sign-in fails).
 */

/** The params the preflight checks, as `serverless.yml`'s `custom.preflight` passes them. */
export interface DeploySettings {
  credentialsSecretArn?: unknown;
  slackSigningSecretArn?: unknown;
  kmsKeyArn?: unknown;
  alarmTopicArn?: unknown;
  requestEventBus?: unknown;
  eventSources?: unknown;
}

const PARTITION = 'aws(?:-cn|-us-gov)?';
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d';
const ACCOUNT = '\\d{12}';

/** A secret's full ARN: Secrets Manager appends `-` and 6 characters to the name. */
const SECRET_ARN = new RegExp(
  `^arn:${PARTITION}:secretsmanager:${REGION}:${ACCOUNT}:secret:[\\w/+=.@-]+-[A-Za-z0-9]{6}$`,
);
/** The same without the suffix: a partial ARN, which an IAM policy does not match. */
const PARTIAL_SECRET_ARN = new RegExp(
  `^arn:${PARTITION}:secretsmanager:${REGION}:${ACCOUNT}:secret:[\\w/+=.@-]+$`,
);
const KMS_KEY_ARN = new RegExp(`^arn:${PARTITION}:kms:${REGION}:${ACCOUNT}:key/[\\w-]+$`);
const SNS_TOPIC_ARN = new RegExp(`^arn:${PARTITION}:sns:${REGION}:${ACCOUNT}:[\\w-]{1,256}$`);
const EVENT_BUS_ARN = new RegExp(
  `^arn:${PARTITION}:events:${REGION}:${ACCOUNT}:event-bus/[\\w./-]+$`,
);
/** A `Source` of PutEvents (1 to 256 characters), without the commas that separate the list. */
const EVENT_SOURCE = /^[^\s,]{1,256}$/;

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/**
 * What is wrong with `settings`, one sentence each with its fix; empty when nothing is.
 *
 * @example
 * ```ts
 * deploySettingProblems({ credentialsSecretArn: 'bcs-offboard/huawei', eventSources: 'acme.hr' });
 * // ['credentialsSecretArn must be the full ARN of the secret, not its name ...']
 * ```
 */
export const deploySettingProblems = (settings: DeploySettings): string[] => [
  ...secretArnProblems('credentialsSecretArn', text(settings.credentialsSecretArn), true),
  ...secretArnProblems('slackSigningSecretArn', text(settings.slackSigningSecretArn), false),
  ...arnProblems(
    'kmsKeyArn',
    text(settings.kmsKeyArn),
    KMS_KEY_ARN,
    'arn:aws:kms:<region>:<account>:key/<key id>',
  ),
  ...arnProblems(
    'alarmTopicArn',
    text(settings.alarmTopicArn),
    SNS_TOPIC_ARN,
    'arn:aws:sns:<region>:<account>:<topic>',
  ),
  ...eventBusProblems(text(settings.requestEventBus)),
  ...eventSourceProblems(text(settings.eventSources)),
];

const secretArnProblems = (name: string, value: string, required: boolean): string[] => {
  const pass = `--param ${name}=arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf`;
  if (value === '') {
    return required
      ? [`${name} is not set: create the secret (README, Deploying) and pass its full ARN: ${pass}`]
      : [];
  }
  if (SECRET_ARN.test(value)) return [];
  const lookUp = (id: string) =>
    `\`aws secretsmanager describe-secret --secret-id ${id} --query ARN --output text\``;
  if (PARTIAL_SECRET_ARN.test(value)) {
    return [
      `${name} "${value}" lacks the 6-character suffix Secrets Manager adds to the name (an IAM policy on a partial ARN grants nothing): ${lookUp(value)} prints the full ARN`,
    ];
  }
  if (!value.startsWith('arn:')) {
    return [
      `${name} must be the full ARN of the secret, not its name "${value}": ${lookUp(value)} prints it`,
    ];
  }
  return [`${name} "${value}" is not the ARN of a Secrets Manager secret: ${pass}`];
};

const arnProblems = (name: string, value: string, shape: RegExp, example: string): string[] =>
  value === '' || shape.test(value)
    ? []
    : [`${name} "${value}" is not an ARN such as ${example}; leave it unset if there is none`];

const eventBusProblems = (value: string): string[] =>
  value === 'default' || EVENT_BUS_ARN.test(value)
    ? []
    : [
        `requestEventBus "${value}" must be \`default\` or the ARN of an existing bus (arn:aws:events:<region>:<account>:event-bus/<name>): with a plain name, osls would create a bus of that name`,
      ];

const eventSourceProblems = (value: string): string[] => {
  const sources = value
    .split(',')
    .map((source) => source.trim())
    .filter((source) => source !== '');
  if (sources.length === 0) {
    return [
      'eventSources is empty: name the EventBridge sources allowed to ask for an operation, e.g. --param eventSources=bcs-offboard.requests',
    ];
  }
  return sources
    .filter((source) => !EVENT_SOURCE.test(source) || source.startsWith('aws.'))
    .map((source) =>
      source.startsWith('aws.')
        ? `eventSources: "${source}" is an AWS service's source (aws.*), which no workflow can send`
        : `eventSources: "${source}" is not an EventBridge source (1 to 256 characters, no space)`,
    );
};
