import { execFile } from 'node:child_process';
import { startLocalGateway } from '../../scripts/local-gateway.ts';
import { localSlack } from '../../scripts/slack-sample.ts';
import { type Simulator, startSimulator } from '../../simulator/index.ts';
import { defaultSeed } from '../../simulator/seed.ts';
import { simulatorEnv } from './bundles.ts';

const root = new URL('../..', import.meta.url).pathname;

/**
 * `npm start`'s pieces, started in this process: the simulator, and the local gateway serving
 * the built bundles with the environment `npm start` gives them (the Slack app's local secret
 * and allowed user, the gateway's own stand-ins for Lambda, EventBridge, SQS and DynamoDB).
 *
 * @example
 * ```ts
 * const stack = await startLocalStack();
 * const result = await runScript('scripts/event-sample.ts', ['--gateway', stack.url, ...]);
 * await stack.stop();
 * ```
 */
export const startLocalStack = async () => {
  const sim: Simulator = await startSimulator();
  const gateway = await startLocalGateway();
  const { demo } = defaultSeed;
  const env = simulatorEnv(sim, {
    SLACK_SIGNING_SECRET: localSlack.signingSecret,
    SLACK_SIGNING_SECRET_ARN: undefined,
    SLACK_ALLOWED_USER_IDS: localSlack.userId,
    SLACK_ALLOWED_TEAM_IDS: localSlack.teamId,
    SLACK_RESPONSE_URL_HOSTS: 'hooks.slack.com,127.0.0.1',
    SLACK_WORKER_FUNCTION_NAME: 'slack-worker',
    HUAWEICLOUD_PROJECT_ID: demo.projectId,
    HUAWEICLOUD_DOMAIN_ID: demo.domainId,
    BCS_INSTANCE_ID: demo.blockchainId,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_ENDPOINT_URL: undefined,
    AWS_ENDPOINT_URL_LAMBDA: gateway.url,
    AWS_ENDPOINT_URL_EVENTBRIDGE: gateway.url,
    AWS_ENDPOINT_URL_SQS: gateway.url,
    AWS_ENDPOINT_URL_DYNAMODB: gateway.url,
    IDEMPOTENCY_TABLE_NAME: 'bcs-offboard-local-idempotency',
    OUTCOME_EVENT_BUS_NAME: 'default',
    DEAD_LETTER_QUEUE_URL: `${gateway.url}/000000000000/bcs-offboard-local-requests-dlq`,
    ALLOWED_EVENT_SOURCES: undefined,
  });
  // The bundles read their configuration on first use, as npm start sets it.
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return {
    url: gateway.url,
    sim,
    settled: gateway.settled,
    stop: async () => {
      await gateway.close();
      await sim.stop();
    },
  };
};

export type LocalStack = Awaited<ReturnType<typeof startLocalStack>>;

/** What a script run as a child process printed, and how it ended. */
export interface ScriptResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `script` (a path from the repository's root) with Node, as a user would with
 * `npx node <script> <args>`.
 *
 * @example
 * ```ts
 * const { code, stderr } = await runScript('scripts/slack-sample.ts', ['--help']);
 * ```
 */
export const runScript = (script: string, args: string[]): Promise<ScriptResult> =>
  new Promise((resolve, reject) => {
    execFile(process.execPath, [script, ...args], { cwd: root }, (error, stdout, stderr) => {
      if (error && typeof error.code === 'string') {
        reject(error);
        return;
      }
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
