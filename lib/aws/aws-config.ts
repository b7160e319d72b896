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
   */
  endpointOf(service: AwsService): URL;
}

/**
 * The AWS configuration in the environment is missing or unusable; the message names the
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

/** Each service's own endpoint variable is `AWS_ENDPOINT_URL_` and this, as the SDK spells it. */
const ENDPOINT_SUFFIX: Record<AwsService, string> = {
  dynamodb: 'DYNAMODB',
  sqs: 'SQS',
  events: 'EVENTBRIDGE',
  secretsmanager: 'SECRETS_MANAGER',
  lambda: 'LAMBDA',
};

const REQUIRED = ['AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];

/** A region is a DNS label of the endpoint's host name. */
const REGION = /^[a-z0-9-]{1,40}$/;

/**
 * The AWS configuration of the Lambda environment, read as the SDK reads it: `AWS_REGION`,
 * `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` (Lambda sets them when the
 * container starts) and the endpoint overrides. Call it once per container, at the first AWS
 * call rather than at load: it throws {@link AwsConfigError}, naming the variables, when the
 * region or the credentials are absent or an endpoint is not a bare `http(s)` origin.
 *
 * @example
 * ```ts
 * const config = readAwsConfig(process.env);
 * config.endpointOf('dynamodb').href; // 'https://dynamodb.eu-west-1.amazonaws.com/'
 * ```
 */
export const readAwsConfig = (env: NodeJS.ProcessEnv): AwsConfig => {
  const missing = REQUIRED.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new AwsConfigError(
      `${missing.join(', ')} not set: Lambda sets AWS_REGION and the credentials (with AWS_SESSION_TOKEN)`,
    );
  }
  const region = env.AWS_REGION as string;
  if (!REGION.test(region)) {
    throw new AwsConfigError('AWS_REGION must be a region name, such as eu-west-1');
  }
  const endpoints = new Map<AwsService, URL>();
  for (const [service, suffix] of Object.entries(ENDPOINT_SUFFIX) as [AwsService, string][]) {
    const own = `AWS_ENDPOINT_URL_${suffix}`;
    const name = env[own] ? own : 'AWS_ENDPOINT_URL';
    const value = env[name];
    endpoints.set(
      service,
      value
        ? endpointFrom(name, value)
        : new URL(
            `https://${service}.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`,
          ),
    );
  }
  return {
    region,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID as string,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string,
      sessionToken: env.AWS_SESSION_TOKEN || undefined,
    },
    endpointOf: (service) => endpoints.get(service) as URL,
  };
};

/** An endpoint override: an `http` or `https` origin, nothing more (the calls choose the path). */
const endpointFrom = (variable: string, value: string): URL => {
  const url = URL.parse(value);
  if (!url || !/^https?:$/.test(url.protocol) || url.href !== `${url.origin}/`) {
    throw new AwsConfigError(`${variable} must be an http(s) origin, such as https://host:port`);
  }
  return url;
};
