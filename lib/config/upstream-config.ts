import {
  type CredentialsSource,
  credentialsFromEnvironment,
  credentialsFromSecretsManager,
} from '../credentials/credentials-source.ts';
import { misconfigured } from '../errors/misconfigured.ts';
import { isHttpsOrLoopback } from './environment.ts';

/** Where BCS and IAM are, and the service's own credentials. */
export interface UpstreamConfig {
  bcsEndpoint: string;
  iamEndpoint: string;
  credentials: CredentialsSource;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * Reads the BCS and IAM settings documented in the README from `env`. Throws a
 * {@link misconfigured} error (`BCSGW.5000002`) naming the variable at fault.
 *
 * @example
 * ```ts
 * const config = readUpstreamConfig({ HUAWEICLOUD_REGION: 'cn-north-4', ... });
 * config.bcsEndpoint; // 'https://bcs.cn-north-4.myhuaweicloud.com'
 * ```
 */
export const readUpstreamConfig = (env: NodeJS.ProcessEnv): UpstreamConfig => {
  const region = env.HUAWEICLOUD_REGION;
  if (region && !REGION.test(region)) {
    throw misconfigured('HUAWEICLOUD_REGION is not a region name such as cn-north-4');
  }
  const secretId = env.HUAWEICLOUD_CREDENTIALS_SECRET;
  return {
    bcsEndpoint: endpoint(env, 'BCS_ENDPOINT', region, 'bcs'),
    iamEndpoint: endpoint(env, 'IAM_ENDPOINT', region, 'iam'),
    credentials: secretId
      ? credentialsFromSecretsManager(secretId)
      : credentialsFromEnvironment(env),
  };
};

const endpoint = (
  env: NodeJS.ProcessEnv,
  variable: 'BCS_ENDPOINT' | 'IAM_ENDPOINT',
  region: string | undefined,
  service: 'bcs' | 'iam',
): string => {
  const value = env[variable];
  if (!value) {
    if (!region) throw misconfigured(`Set HUAWEICLOUD_REGION or ${variable}`);
    return `https://${service}.${region}.myhuaweicloud.com`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw misconfigured(`${variable} is not a URL`);
  }
  // A token or a password must never cross a network in clear text.
  if (!isHttpsOrLoopback(url)) {
    throw misconfigured(`${variable} must be an https URL (plain http only on loopback)`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw misconfigured(`${variable} must not carry a query, fragment or user info`);
  }
  return url.href.replace(/\/+$/, '');
};
