/**
 * What `npm run bench` asks of each function must hold for the function as built, or a run
 * fails for a functional reason after minutes of measuring: every bench target of
 * bench/functions.ts, invoked twice as a measured process invokes it (its event with the
 * invocation's own id, deployed shape, against the simulator with the bench's constant BCS
 * answers and the bench's stand-ins of AWS and Slack), answers what the bench expects and
 * leaves its effect there once per invocation, and no other effect. The bundles are built by
 * the vitest globalSetup.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startAwsStandIns } from '../../bench/aws-stand-ins.ts';
import { benchSecrets, environmentOf } from '../../bench/environment.ts';
import { bcsAnswers, benchTargets, type Effect, INVOCATION } from '../../bench/functions.ts';
import { startResponseUrlStandIn } from '../../bench/response-url-stand-in.ts';
import { type Simulator, startSimulator } from '../../simulator/index.ts';
import { lambdaContext } from '../helpers/lambda-context.ts';

const dist = new URL('../../dist/', import.meta.url).pathname;
const EFFECTS: readonly Effect[] = ['published', 'invoked', 'posted', 'queued', 'ended'];

let sim: Simulator;
let aws: Awaited<ReturnType<typeof startAwsStandIns>>;
let slack: Awaited<ReturnType<typeof startResponseUrlStandIn>>;
let instances = 0;

beforeAll(async () => {
  sim = await startSimulator();
  aws = await startAwsStandIns({ secrets: benchSecrets() });
  slack = await startResponseUrlStandIn();
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await sim.stop();
  await aws.stop();
  await slack.stop();
});
beforeEach(() => {
  sim.reset();
  for (const fault of bcsAnswers) sim.inject(fault);
});

// biome-ignore lint/suspicious/noExplicitAny: a bundle takes and answers plain Lambda JSON.
type Handler = (event: any, context: ReturnType<typeof lambdaContext>) => Promise<any>;

/** `dist/<name>/index.mjs` in a new container, its environment the deployed shape's. */
const coldFunction = async (name: string): Promise<Handler> => {
  vi.unstubAllEnvs();
  const env = environmentOf('deployed', { sim, awsEnv: aws.env, responseUrlHost: slack.host });
  // The deployed shape reads its secrets from Secrets Manager only.
  for (const variable of [
    'HUAWEICLOUD_USER_NAME',
    'HUAWEICLOUD_PASSWORD',
    'SLACK_SIGNING_SECRET',
  ]) {
    vi.stubEnv(variable, undefined);
  }
  for (const [variable, value] of Object.entries(env)) vi.stubEnv(variable, value);
  instances += 1;
  const url = `${pathToFileURL(join(dist, name, 'index.mjs')).href}?instance=${instances}`;
  return ((await import(url)) as { handler: Handler }).handler;
};

const effects = (): Record<Effect, number> => {
  const { published, invoked, queued, ended } = aws.counts();
  return { published, invoked, posted: slack.succeeded(), queued, ended };
};

describe('the bench targets, as built', () => {
  it.each(Object.keys(benchTargets))(
    '%s answers what the bench expects and leaves its effect once per invocation',
    async (name) => {
      // Prepare
      const target = benchTargets[name];
      if (target === undefined) throw new Error(`no bench target ${name}`);
      const handler = await coldFunction(name);
      const text = JSON.stringify(target.event({ responseUrl: slack.url('bench') }));
      const eventOf = (id: string) => JSON.parse(text.replaceAll(INVOCATION, id));
      const before = effects();
      const failed = { aws: aws.failures.length, slack: slack.failures.length };

      // Act
      const answers = [
        await handler(eventOf(`${name}-1`), lambdaContext()),
        await handler(eventOf(`${name}-2`), lambdaContext()),
      ];

      // Assess
      for (const answer of answers) {
        if (target.expect === undefined) expect(answer ?? null).toBeNull();
        else expect(answer).toMatchObject(target.expect);
      }
      const after = effects();
      const left = Object.fromEntries(EFFECTS.map((kind) => [kind, after[kind] - before[kind]]));
      const expected = Object.fromEntries(
        EFFECTS.map((kind) => [kind, kind === target.effect ? 2 : 0]),
      );
      expect(left).toEqual(expected);
      expect(aws.failures.slice(failed.aws)).toEqual([]);
      expect(slack.failures.slice(failed.slack)).toEqual([]);
      // Once per container, or never (slack-command): what the concurrent sign-ins figure counts.
      expect(sim.signInCount()).toBe(target.signsIn ? 1 : 0);
    },
  );
});
