import { type AwsClientDeps, createAwsClient } from '../../lib/aws/aws-client.ts';
import { readAwsConfig } from '../../lib/aws/aws-config.ts';

/** Credentials and region of the unit tests: never real ones. */
export const TEST_AWS_ENV = {
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'SESSIONTOKENEXAMPLE',
} as const;

/** When the fake clock starts: 2026-12-06T10:00:00Z. */
export const CLOCK_START = Date.parse('2026-12-06T10:00:00Z');

/**
 * An AWS client for tests, calling `endpoint` (every service), with a fake clock and no real
 * waits: `random` is 1 (each wait is its bound), and a wait is recorded in `waits` and moves the
 * clock on instead of sleeping. With `ticking`, every reading of the clock also moves it on a
 * second (so that each attempt is signed at another time). `deps` replace any of these.
 *
 * @example
 * ```ts
 * const aws = testAwsClient(server.url);
 * await getSecretValue(aws.client, { SecretId: 's' }, signal);
 * aws.waits; // [] when the first attempt succeeded
 * ```
 */
export const testAwsClient = (
  endpoint: string,
  {
    env = {},
    ticking = false,
    ...deps
  }: { env?: Record<string, string>; ticking?: boolean } & AwsClientDeps = {},
) => {
  const state = { now: CLOCK_START, waits: [] as number[] };
  const client = createAwsClient({
    config: readAwsConfig({ ...TEST_AWS_ENV, AWS_ENDPOINT_URL: endpoint, ...env }),
    now: () => {
      const now = state.now;
      if (ticking) state.now += 1000;
      return now;
    },
    random: () => 1,
    sleep: async (ms) => {
      state.waits.push(ms);
      state.now += ms;
    },
    ...deps,
  });
  return {
    client,
    /** Every wait asked for, in milliseconds. */
    waits: state.waits,
    /** The fake clock, in epoch milliseconds. */
    get now() {
      return state.now;
    },
  };
};
