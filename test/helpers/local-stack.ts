import { execFile } from 'node:child_process';
import { localFunctionEnv } from '../../scripts/local-demo.ts';
import { startLocalGateway } from '../../scripts/local-gateway.ts';
import { type Simulator, startSimulator } from '../../simulator/index.ts';
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
  const env = simulatorEnv(sim, {
    ...localFunctionEnv(gateway.url),
    AWS_ENDPOINT_URL: undefined,
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
