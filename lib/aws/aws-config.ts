import type { AwsCredentials } from '../signing/aws-sigv4.ts';

/** The services the functions call; each is also its signing name and its endpoint's prefix. */
export type AwsService = 'dynamodb' | 'sqs' | 'events' | 'secretsmanager' | 'lambda';

/** Where and as whom this container calls AWS. */
export interface AwsConfig {
  region: string;
  credentials: AwsCredentials;
  /**
   * The endpoint of a service: `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`, then the
   * regional default (`https://<service>.<region>.amazonaws.com`, `.amazonaws.com.cn` in `cn-*`).
   * Throws a `TypeError` when the variable holds no URL.
   */
  endpointOf(service: AwsService): URL;
}

/**
 * The region or the credentials are missing from the environment; the message names the
 * variables (never their values).
 *
 * @example
 * ```ts
 * if (error instanceof AwsConfigError) logLine('error', error.message, {});
 * ```
 */
export class AwsConfigError extends Error {
  override readonly name = 'AwsConfigError';
}

/** The endpoint variables named otherwise than `AWS_ENDPOINT_URL_` and the service, upper-cased. */
const ENDPOINT_SUFFIX: Partial<Record<AwsService, string>> = {
  events: 'EVENTBRIDGE',
  secretsmanager: 'SECRETS_MANAGER',
};

/**
 * The AWS configuration of the Lambda environment, read as the SDK reads it: `AWS_REGION`,
 * `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` (Lambda sets them when the
 * container starts) and the endpoint overrides, `AWS_ENDPOINT_URL[_<SERVICE>]` with SERVICE
 * in DYNAMODB, SQS, EVENTBRIDGE, SECRETS_MANAGER, LAMBDA. Call it at the first AWS call rather
 * than at load: it throws an {@link AwsConfigError} naming the variables when the region or
 * the credentials are not set. An endpoint is parsed when first used (a `TypeError` if it is
 * no URL).
 *
 * @example
 * ```ts
 * const config = readAwsConfig(process.env);
 * config.endpointOf('dynamodb').href; // 'https://dynamodb.eu-west-1.amazonaws.com/'
 * ```
 */
export const readAwsConfig = ({
  AWS_REGION: region,
  AWS_ACCESS_KEY_ID: accessKeyId,
  AWS_SECRET_ACCESS_KEY: secretAccessKey,
  AWS_SESSION_TOKEN: sessionToken,
  ...env
}: NodeJS.ProcessEnv): AwsConfig => {
  if (!(region && accessKeyId && secretAccessKey)) {
    throw new AwsConfigError('AWS_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set');
  }
  return {
    region,
    credentials: { accessKeyId, secretAccessKey, sessionToken: sessionToken || undefined },
    endpointOf: (service) =>
      new URL(
        env[`AWS_ENDPOINT_URL_${ENDPOINT_SUFFIX[service] ?? service.toUpperCase()}`] ||
          env.AWS_ENDPOINT_URL ||
          `https://${service}.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`,
      ),
  };
};
