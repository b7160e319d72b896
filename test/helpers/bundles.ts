import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { Simulator } from '../../simulator/index.ts';
import { defaultSeed } from '../../simulator/seed.ts';

const dist = new URL('../../dist/', import.meta.url).pathname;
let instances = 0;

// biome-ignore lint/suspicious/noExplicitAny: a bundle's handler takes any event of its trigger.
export type Handler = (event: any, context: Context) => Promise<any>;

/**
 * The built bundle `dist/<name>/index.mjs`, loaded as a new module instance: a cold Lambda
 * container with its own token cache, reading `env` (merged over process.env) on its first
 * invocation, as Lambda would.
 */
export const loadBundle = async (name: string, env: Record<string, string | undefined> = {}) => {
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  instances += 1;
  const url = `${pathToFileURL(join(dist, name, 'index.mjs')).href}?instance=${instances}`;
  const module = (await import(url)) as { handler: Handler };
  return module.handler;
};

/** The environment of a function wired to `sim` with the seed's demo credentials. */
export const simulatorEnv = (
  sim: Simulator,
  overrides: Record<string, string | undefined> = {},
) => ({
  HUAWEICLOUD_REGION: undefined,
  HUAWEICLOUD_CREDENTIALS_SECRET: undefined,
  ALLOWED_PROJECT_IDS: undefined,
  BCS_ENDPOINT: sim.url,
  IAM_ENDPOINT: sim.url,
  HUAWEICLOUD_DOMAIN_NAME: defaultSeed.demo.domainName,
  HUAWEICLOUD_USER_NAME: defaultSeed.demo.userName,
  HUAWEICLOUD_PASSWORD: defaultSeed.demo.password,
  ...overrides,
});
