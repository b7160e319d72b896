import { describe, expect, it } from 'vitest';
import { deploySettingProblems } from '../../scripts/deploy-settings.ts';

const credentialsSecretArn =
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bcs-offboard/huawei-AbCdEf';
/** What serverless.yml passes with only the required param given. */
const defaults = {
  credentialsSecretArn,
  slackSigningSecretArn: '',
  kmsKeyArn: '',
  alarmTopicArn: '',
  requestEventBus: 'default',
  eventSources: 'bcs-offboard.requests',
};

describe('deploySettingProblems', () => {
  it('finds nothing wrong with the defaults and the credentials secret ARN', () => {
    // Prepare
    const settings = defaults;

    // Act
    const problems = deploySettingProblems(settings);

    // Assess
    expect(problems).toEqual([]);
  });

  it('finds nothing wrong with every optional setting given well', () => {
    // Prepare
    const settings = {
      credentialsSecretArn:
        'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:huawei-x1Y2z3',
      slackSigningSecretArn:
        'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bcs-offboard/slack-signing-QrStUv',
      kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:operations-alarms',
      requestEventBus: 'arn:aws:events:eu-west-1:123456789012:event-bus/offboarding',
      eventSources: 'acme.hr-offboarding, bcs-offboard.requests',
    };

    // Act
    const problems = deploySettingProblems(settings);

    // Assess
    expect(problems).toEqual([]);
  });

  it('asks for the credentials secret ARN when it is missing, showing how to pass it', () => {
    // Prepare
    const settings = { ...defaults, credentialsSecretArn: '' };

    // Act
    const problems = deploySettingProblems(settings);

    // Assess
    expect(problems).toEqual([
      'credentialsSecretArn is not set: create the secret (README, Deploying) and pass its full ARN: --param credentialsSecretArn=arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf',
    ]);
  });

  it("tells a secret's name from its ARN, and prints the command that finds the ARN", () => {
    // Prepare
    const settings = { ...defaults, credentialsSecretArn: 'bcs-offboard/huawei' };

    // Act
    const problems = deploySettingProblems(settings);

    // Assess
    expect(problems).toEqual([
      'credentialsSecretArn must be the full ARN of the secret, not its name "bcs-offboard/huawei": `aws secretsmanager describe-secret --secret-id bcs-offboard/huawei --query ARN --output text` prints it',
    ]);
  });

  it('refuses a partial secret ARN (without the suffix), which an IAM policy would not match', () => {
    // Prepare
    const partial = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bcs-offboard/slack';
    const settings = { ...defaults, slackSigningSecretArn: partial };

    // Act
    const problems = deploySettingProblems(settings);

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(
      `slackSigningSecretArn "${partial}" lacks the 6-character suffix`,
    );
  });

  it('refuses an ARN of another service where a secret belongs', () => {
    // Prepare
    const settings = {
      ...defaults,
      credentialsSecretArn: 'arn:aws:ssm:eu-west-1:123456789012:parameter/huawei',
    };

    // Act
    const problems = deploySettingProblems(settings);

    // Assess
    expect(problems).toEqual([
      expect.stringContaining('is not the ARN of a Secrets Manager secret'),
    ]);
  });

  it('refuses a KMS key, alarm topic or request bus given by name instead of ARN', () => {
    // Prepare
    const settings = {
      ...defaults,
      kmsKeyArn: 'alias/bcs-offboard',
      alarmTopicArn: 'operations-alarms',
      requestEventBus: 'offboarding',
    };

    // Act
    const problems = deploySettingProblems(settings);

    // Assess
    expect(problems).toEqual([
      expect.stringMatching(/^kmsKeyArn "alias\/bcs-offboard" is not an ARN such as arn:aws:kms:/),
      expect.stringMatching(
        /^alarmTopicArn "operations-alarms" is not an ARN such as arn:aws:sns:/,
      ),
      expect.stringMatching(/^requestEventBus "offboarding" must be `default` or the ARN/),
    ]);
  });

  it('refuses an empty source list, and sources no workflow can send', () => {
    // Prepare
    const empty = { ...defaults, eventSources: ' , ' };
    const reserved = { ...defaults, eventSources: 'acme.hr, aws.events' };

    // Act
    const problems = [deploySettingProblems(empty), deploySettingProblems(reserved)];

    // Assess
    expect(problems).toEqual([
      [expect.stringMatching(/^eventSources is empty: name the EventBridge sources/)],
      [`eventSources: "aws.events" is an AWS service's source (aws.*), which no workflow can send`],
    ]);
  });

  it('lists every problem at once', () => {
    // Prepare
    const settings = { credentialsSecretArn: 'huawei', alarmTopicArn: 'x', eventSources: '' };

    // Act
    const problems = deploySettingProblems(settings);

    // Assess
    expect(problems.map((problem) => problem.split(' ')[0])).toEqual([
      'credentialsSecretArn',
      'alarmTopicArn',
      'requestEventBus',
      'eventSources',
    ]);
  });
});
