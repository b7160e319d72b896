/**
 * The environment of a measured function (or floor), in one of the two shapes the bench runs
 * them in. Both reach the simulator (IAM, BCS), the AWS stand-ins and Slack's `response_url`
 * stand-in, with every variable of serverless.yml that a function reads (the AWS resources'
 * names and URLs, `TRACKING_QUEUE_URL` among them, come with the stand-ins: bench/aws-stand-ins.ts):
 *
 * - `local`: the secrets (Huawei credentials, Slack signing secret) in the environment, as
 *   `npm start` and the tests give them; the figures of the original budgets;
 * - `deployed`: the secrets in Secrets Manager, read on the first invocation, as deployed.
 */
import type { Simulator } from '../simulator/index.ts';
import { defaultSeed } from '../simulator/seed.ts';
import { simulatorEnv } from '../test/helpers/bundles.ts';
import { ALLOWED_TEAM, ALLOWED_USER, SIGNING_SECRET } from '../test/helpers/slack.ts';

export type Shape = 'local' | 'deployed';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bcs-offboard-bench';
/** The ARNs of the two secrets a deployment reads. */
export const SECRET_ARNS = {
  credentials: `${SECRET_ARN}-credentials-Ab12Cd`,
  signingSecret: `${SECRET_ARN}-slack-signing-secret-Ef34Gh`,
} as const;

/**
 * The secrets of Secrets Manager's stand-in, by ARN: the seed's demo credentials and the
 * Slack signing secret the bench signs its slash commands with.
 *
 * @example
 * ```ts
 * const aws = await startAwsStandIns({ secrets: benchSecrets() });
 * ```
 */
export const benchSecrets = (): Record<string, string> => ({
  [SECRET_ARNS.credentials]: JSON.stringify({
    domain_name: defaultSeed.demo.domainName,
    user_name: defaultSeed.demo.userName,
    password: defaultSeed.demo.password,
  }),
  [SECRET_ARNS.signingSecret]: SIGNING_SECRET,
});

/** Where the measured processes find the services of the bench process. */
export interface BenchServices {
  sim: Simulator;
  /** The AWS stand-ins' variables (bench/aws-stand-ins.ts). */
  awsEnv: Record<string, string>;
  /** The host of Slack's `response_url` stand-in. */
  responseUrlHost: string;
}

/**
 * Every variable a function of serverless.yml reads, in `shape`; nothing else (the measured
 * process inherits no setting, bench/measure.ts).
 *
 * @example
 * ```ts
 * const env = environmentOf('deployed', { sim, awsEnv: aws.env, responseUrlHost: '127.0.0.1' });
 * ```
 */
export const environmentOf = (
  shape: Shape,
  { sim, awsEnv, responseUrlHost }: BenchServices,
): Record<string, string> => {
  const secrets =
    shape === 'deployed'
      ? {
          HUAWEICLOUD_CREDENTIALS_SECRET: SECRET_ARNS.credentials,
          HUAWEICLOUD_DOMAIN_NAME: undefined,
          HUAWEICLOUD_USER_NAME: undefined,
          HUAWEICLOUD_PASSWORD: undefined,
          SLACK_SIGNING_SECRET_ARN: SECRET_ARNS.signingSecret,
        }
      : { SLACK_SIGNING_SECRET: SIGNING_SECRET };
  const env = simulatorEnv(sim, {
    ...awsEnv,
    ...secrets,
    SLACK_ALLOWED_USER_IDS: ALLOWED_USER,
    SLACK_ALLOWED_TEAM_IDS: ALLOWED_TEAM,
    SLACK_WORKER_FUNCTION_NAME: 'bcs-offboard-bench-slack-worker',
    SLACK_STATUS_FUNCTION_NAME: 'bcs-offboard-bench-slack-status',
    SLACK_RESPONSE_URL_HOSTS: responseUrlHost,
    // serverless.yml's defaults (its idempotencyTtlSeconds and trackingMaxAge params).
    IDEMPOTENCY_TTL_SECONDS: '3600',
    TRACKING_MAX_AGE_SECONDS: '21600',
    HUAWEICLOUD_PROJECT_ID: defaultSeed.demo.projectId,
    HUAWEICLOUD_DOMAIN_ID: defaultSeed.demo.domainId,
    BCS_INSTANCE_ID: defaultSeed.demo.blockchainId,
  });
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
};
