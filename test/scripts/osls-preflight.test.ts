import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import OslsPreflight, {
  missingBundles,
  type OslsInstance,
  preflightProblems,
} from '../../scripts/osls-preflight.ts';

/** osls's own error class, as `serverless.classes.Error`. */
class ServerlessError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.name = 'ServerlessError';
    this.code = code;
  }
}

const credentialsSecretArn =
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bcs-offboard/huawei-AbCdEf';

/** The part of osls's instance the preflight reads: a service of `functions` in `serviceDir`. */
const serverless = (
  serviceDir: string,
  functions: string[],
  preflight: Record<string, string>,
): OslsInstance => ({
  serviceDir,
  service: {
    custom: { preflight },
    getAllFunctions: () => functions,
    getFunction: (name) => ({ handler: `dist/${name}/index.handler` }),
  },
  classes: { Error: ServerlessError },
});

let serviceDir: string;
beforeEach(async () => {
  serviceDir = await mkdtemp(join(tmpdir(), 'bcs-offboard-preflight-'));
});
afterEach(async () => {
  await rm(serviceDir, { recursive: true, force: true });
});

const build = async (name: string) => {
  await mkdir(join(serviceDir, 'dist', name), { recursive: true });
  await writeFile(join(serviceDir, 'dist', name, 'index.mjs'), 'export const handler = 1;\n');
};

describe('missingBundles', () => {
  it('names the bundle of every handler not built yet, and only those', async () => {
    // Prepare
    await build('http-quit-consortium');

    // Act
    const missing = missingBundles(serviceDir, [
      'dist/http-quit-consortium/index.handler',
      'dist/slack-worker/index.handler',
    ]);

    // Assess
    expect(missing).toEqual(['dist/slack-worker/index.mjs']);
  });
});

describe('preflightProblems', () => {
  it('finds nothing wrong with a built service and good settings', async () => {
    // Prepare
    await build('sqs-offboard');
    const instance = serverless(serviceDir, ['sqs-offboard'], {
      credentialsSecretArn,
      requestEventBus: 'default',
      eventSources: 'bcs-offboard.requests',
    });

    // Act
    const problems = preflightProblems(instance);

    // Assess
    expect(problems).toEqual([]);
  });

  it('lists the settings and the build together', () => {
    // Prepare
    const instance = serverless(serviceDir, ['sqs-offboard'], {
      credentialsSecretArn: '',
      requestEventBus: 'default',
      eventSources: 'bcs-offboard.requests',
    });

    // Act
    const problems = preflightProblems(instance);

    // Assess
    expect(problems).toEqual([
      expect.stringMatching(/^credentialsSecretArn is not set/),
      'no build: dist/sqs-offboard/index.mjs is missing; run `npm run build` first',
    ]);
  });
});

describe('OslsPreflight', () => {
  it("stops packaging with osls's own error class, every problem on a line of its own", () => {
    // Prepare
    const plugin = new OslsPreflight(
      serverless(serviceDir, ['slack-worker'], { credentialsSecretArn: 'huawei' }),
    );
    const check = plugin.hooks['before:package:cleanup'];

    // Act
    const run = () => check?.();

    // Assess
    expect(run).toThrow(ServerlessError);
    expect(run).toThrow(
      /^bcs-offboard cannot be packaged \(see serverless\.yml for every param\):\n {2}- credentialsSecretArn must be the full ARN/,
    );
    expect(run).toThrow(/\n {2}- no build: dist\/slack-worker\/index\.mjs is missing/);
  });

  it('lets packaging go on when nothing is wrong', async () => {
    // Prepare
    await build('slack-worker');
    const plugin = new OslsPreflight(
      serverless(serviceDir, ['slack-worker'], {
        credentialsSecretArn,
        requestEventBus: 'default',
        eventSources: 'bcs-offboard.requests',
      }),
    );

    // Act
    const run = () => plugin.hooks['before:package:cleanup']?.();

    // Assess
    expect(run).not.toThrow();
  });
});
