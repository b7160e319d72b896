import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Simulator } from '../../simulator/index.ts';
import { defaultSeed } from '../../simulator/seed.ts';
import { simulatorEnv } from './bundles.ts';
import { httpEvent } from './events.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const ALLOWED_USER = 'U0ALLOWED1';
export const ALLOWED_TEAM = 'T0TEAM01';

/** Slack's own example, from "Verifying requests from Slack" (api.slack.com). */
export const slackDocsExample = {
  signingSecret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: '1531420618',
  body:
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
    '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
    '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
    '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
} as const;

/** Slack's v0 signature, computed here independently of the code under test. */
export const sign = (secret: string, timestamp: string, body: string | Buffer): string =>
  `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`;

export interface SlashCommandOptions {
  text?: string;
  userId?: string;
  teamId?: string;
  responseUrl?: string;
  command?: string;
}

/** The form body Slack POSTs for a slash command. */
export const slashCommandBody = ({
  text = 'help',
  userId = ALLOWED_USER,
  teamId = ALLOWED_TEAM,
  responseUrl = 'https://hooks.slack.com/commands/T0TEAM01/1/abc',
  command = '/bcs-offboard',
}: SlashCommandOptions = {}): string =>
  new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: teamId,
    team_domain: 'example',
    channel_id: 'C0CHANNEL1',
    channel_name: 'bcs-ops',
    user_id: userId,
    user_name: 'ops.person',
    command,
    text,
    api_app_id: 'A0APP01',
    response_url: responseUrl,
    trigger_id: '13345224609.738474920.8088930838d88f008e0',
  }).toString();

export interface SlackEventOptions extends SlashCommandOptions {
  /** The raw body; default: a slash command built from the other options. */
  body?: string;
  secret?: string;
  /** Unix seconds; default: now. */
  timestamp?: string;
  /** The signature header; default: the right one. `null` leaves the header out. */
  signature?: string | null;
  /** Leaves the timestamp header out. */
  withoutTimestamp?: boolean;
  /** As API Gateway sends a form body: base64-encoded. */
  base64?: boolean;
}

/**
 * `POST /slack/commands` as API Gateway (HTTP API, payload 2.0) hands it over, signed as
 * Slack signs it unless told otherwise.
 */
export const slackCommandEvent = (options: SlackEventOptions = {}): APIGatewayProxyEventV2 => {
  const body = options.body ?? slashCommandBody(options);
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
  const signature =
    options.signature === undefined
      ? sign(options.secret ?? SIGNING_SECRET, timestamp, body)
      : options.signature;
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...(options.withoutTimestamp ? {} : { 'x-slack-request-timestamp': timestamp }),
    ...(signature === null ? {} : { 'x-slack-signature': signature }),
  };
  return httpEvent({
    method: 'POST',
    routeKey: '/slack/commands',
    rawPath: '/slack/commands',
    headers,
    body,
    isBase64Encoded: options.base64 ?? false,
  });
};

/** The environment of both Slack functions, wired to `sim`, the gateway and a sink. */
export const slackEnv = (
  sim: Simulator,
  {
    gatewayUrl,
    responseUrlHost = '127.0.0.1',
    ...overrides
  }: { gatewayUrl: string; responseUrlHost?: string } & Record<string, string | undefined>,
): Record<string, string | undefined> =>
  simulatorEnv(sim, {
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_SIGNING_SECRET_ARN: undefined,
    SLACK_ALLOWED_USER_IDS: `U0SOMEONE9, ${ALLOWED_USER}`,
    SLACK_ALLOWED_TEAM_IDS: ALLOWED_TEAM,
    SLACK_RESPONSE_URL_HOSTS: `hooks.slack.com,${responseUrlHost}`,
    SLACK_WORKER_FUNCTION_NAME: 'slack-worker',
    SLACK_STATUS_FUNCTION_NAME: 'slack-status',
    HUAWEICLOUD_PROJECT_ID: defaultSeed.demo.projectId,
    HUAWEICLOUD_DOMAIN_ID: defaultSeed.demo.domainId,
    BCS_INSTANCE_ID: defaultSeed.demo.blockchainId,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
    AWS_SECRET_ACCESS_KEY: 'local-test-secret-key',
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_ENDPOINT_URL_LAMBDA: gatewayUrl,
    ...overrides,
  });

/** A message the worker posted to `response_url`. */
export interface PostedMessage {
  path: string;
  contentType: string | undefined;
  message: { response_type: string; text: string };
}

/**
 * A stand-in for Slack's `response_url` endpoint on loopback: it records every message
 * posted to it and answers `status` (200 "ok" by default).
 */
export const startResponseSink = async () => {
  const posts: PostedMessage[] = [];
  const sockets = new Set<Socket>();
  let status = 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      posts.push({
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        message: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'no');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/commands/${ALLOWED_TEAM}/1/local`,
    posts,
    answerWith: (next: number) => {
      status = next;
    },
    clear: () => {
      posts.length = 0;
      status = 200;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
};

export type ResponseSink = Awaited<ReturnType<typeof startResponseSink>>;

/** The message of a slash command's answer. */
export const replyOf = (response: { body?: string | undefined }) =>
  JSON.parse(response.body ?? '') as { response_type: string; text: string };

/**
 * A stand-in for AWS Secrets Manager's `GetSecretValue` (JSON 1.1 protocol) on loopback,
 * reached by the SDK through `AWS_ENDPOINT_URL_SECRETS_MANAGER`. It counts the reads.
 */
export const startSecretsManagerStandIn = async (secretString: string, port = 0) => {
  const reads: { target: string | undefined; secretId: unknown }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { SecretId } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        SecretId?: unknown;
      };
      reads.push({ target: req.headers['x-amz-target'] as string | undefined, secretId: SecretId });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(
        JSON.stringify({
          ARN: SecretId,
          Name: 'bcs-offboard/slack-signing-secret',
          SecretString: secretString,
          VersionId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 1_700_000_000,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    reads,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
