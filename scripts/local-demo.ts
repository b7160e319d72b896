/**
 * What `npm start` runs, without the build and the printing: the embedded BCS + IAM simulator,
 * the local gateway in front of the built bundles (`dist/`, with the outcome rule and the
 * tracking queue that follow each accepted operation to its end), a local stand-in for Slack's
 * `response_url`, and the functions' environment pointing at all three. start.ts prints what
 * it started; test/scripts/demo-examples.test.ts runs the printed examples against it.
 *
 * The bundles run in this process and read `process.env` on first use, so this sets it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DEFAULT_OPERATION_DELAYS,
  type OperationDelays,
  type Simulator,
  startSimulator,
} from '../simulator/index.ts';
import { defaultSeed } from '../simulator/seed.ts';
import { applyEnv, type CredentialMode, functionCredentialsEnv } from './function-credentials.ts';
import { startLocalGateway } from './local-gateway.ts';
import { localTrackingQueueUrl } from './local-tracking-queue.ts';
import { localSlack } from './slack-sample.ts';

/** A message the Slack worker posted to `response_url`, as Slack would show it. */
export interface SlackResponse {
  response_type?: string;
  text: string;
}

/** The pieces `startLocalDemo` started; `stop()` ends them all. */
export interface LocalDemo {
  gateway: Awaited<ReturnType<typeof startLocalGateway>>;
  simulator: Simulator;
  /** Where the Slack worker posts outcomes: the `--response-url` of the Slack examples. */
  responseUrl: string;
  /** The gateway is not on the port asked for: it was taken, so a free one was used. */
  portTaken: boolean;
  stop(): Promise<void>;
}

/**
 * Starts the local demo. The gateway listens on `port` (a free one if it is taken);
 * `onSlackResponse` receives what the Slack worker and the tracker post. `delayScale`
 * multiplies the local run's time (1: as deployed): the tracking queue holds each look-up back
 * its `DelaySeconds` times it, and the simulator's operations take their default delays times
 * it (1 s to `processing`, 4 s to `finished`) unless `operationDelaysMs` says otherwise.
 *
 * @example
 * ```ts
 * const demo = await startLocalDemo({ port: 3000, credentialMode: 'password', onSlackResponse: console.log });
 * ```
 */
export const startLocalDemo = async ({
  port,
  simulatorPort = 0,
  credentialMode,
  onSlackResponse,
  delayScale = 1,
  operationDelaysMs,
}: {
  port: number;
  simulatorPort?: number;
  credentialMode: CredentialMode;
  onSlackResponse: (message: SlackResponse) => void;
  delayScale?: number;
  operationDelaysMs?: OperationDelays;
}): Promise<LocalDemo> => {
  const simulator = await startSimulator({
    port: simulatorPort,
    operationDelaysMs: operationDelaysMs ?? {
      processing: DEFAULT_OPERATION_DELAYS.processing * delayScale,
      finished: DEFAULT_OPERATION_DELAYS.finished * delayScale,
    },
  });

  // The functions read their configuration on first use: point them at the simulator.
  Object.assign(process.env, { BCS_ENDPOINT: simulator.url, IAM_ENDPOINT: simulator.url });
  applyEnv(functionCredentialsEnv(credentialMode));
  delete process.env.HUAWEICLOUD_REGION;

  const responseSink = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let message: { response_type?: string; text?: string };
      try {
        message = JSON.parse(raw);
      } catch {
        message = { text: raw };
      }
      // Slack shows &lt; &gt; &amp; as the characters they stand for.
      const text = (message.text ?? '').replace(/&(lt|gt|amp);/g, (_, name: string) =>
        name === 'lt' ? '<' : name === 'gt' ? '>' : '&',
      );
      onSlackResponse(
        message.response_type === undefined
          ? { text }
          : { response_type: message.response_type, text },
      );
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => responseSink.listen(0, '127.0.0.1', resolve));
  const responseUrl = `http://127.0.0.1:${(responseSink.address() as AddressInfo).port}/commands/${localSlack.teamId}/1/local`;

  let portTaken = false;
  const tracking = { delayScale, busName: LOCAL_OUTCOME_BUS };
  const gateway = await startLocalGateway({ port, tracking }).catch(async (error: unknown) => {
    if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
    portTaken = true;
    return startLocalGateway({ port: 0, tracking });
  });
  for (const [name, value] of Object.entries(localFunctionEnv(gateway.url))) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }

  return {
    gateway,
    simulator,
    responseUrl,
    portTaken,
    stop: async () => {
      await gateway.close();
      await new Promise<void>((resolve) => {
        responseSink.closeAllConnections();
        responseSink.close(() => resolve());
      });
      await simulator.stop();
    },
  };
};

/** The outcome bus of a local run: the functions publish on it, the outcome rule listens on it. */
const LOCAL_OUTCOME_BUS = 'default';

/**
 * What the functions read in a local run besides the simulator's endpoints and credentials:
 * the Slack settings (a local signing secret, one allowed user, our own ids from the seed), and
 * AWS calls to the local gateway's stand-ins (Lambda Invoke, EventBridge, SQS with the tracking
 * queue, the idempotency table in memory). `undefined`: unset it, whatever the shell holds. `npm start` and the tests of
 * its pieces use this one list.
 *
 * @example
 * ```ts
 * Object.assign(process.env, localFunctionEnv('http://127.0.0.1:3000')); // then unset the undefined ones
 * ```
 */
export const localFunctionEnv = (gatewayUrl: string): Record<string, string | undefined> => {
  const { demo } = defaultSeed;
  return {
    SLACK_SIGNING_SECRET: localSlack.signingSecret,
    SLACK_SIGNING_SECRET_ARN: undefined,
    SLACK_ALLOWED_USER_IDS: localSlack.userId,
    SLACK_ALLOWED_TEAM_IDS: localSlack.teamId,
    SLACK_RESPONSE_URL_HOSTS: 'hooks.slack.com,127.0.0.1',
    SLACK_WORKER_FUNCTION_NAME: 'slack-worker',
    SLACK_STATUS_FUNCTION_NAME: 'slack-status',
    HUAWEICLOUD_PROJECT_ID: demo.projectId,
    HUAWEICLOUD_DOMAIN_ID: demo.domainId,
    BCS_INSTANCE_ID: demo.blockchainId,
    // The functions' AWS calls reach the gateway's stand-ins with these.
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_ENDPOINT_URL_LAMBDA: gatewayUrl,
    AWS_ENDPOINT_URL_EVENTBRIDGE: gatewayUrl,
    AWS_ENDPOINT_URL_SQS: gatewayUrl,
    AWS_ENDPOINT_URL_DYNAMODB: gatewayUrl,
    IDEMPOTENCY_TABLE_NAME: 'bcs-offboard-local-idempotency',
    OUTCOME_EVENT_BUS_NAME: LOCAL_OUTCOME_BUS,
    TRACKING_QUEUE_URL: localTrackingQueueUrl(gatewayUrl),
    TRACKING_MAX_AGE_SECONDS: undefined,
    DEAD_LETTER_QUEUE_URL: `${gatewayUrl}/000000000000/bcs-offboard-local-requests-dlq`,
  };
};
