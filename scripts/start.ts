/**
 * `npm start`: the whole thing on this machine, with no AWS or Huawei account. Builds the
 * bundles, starts the embedded BCS + IAM simulator and the local gateway, and prints a
 * ready-to-paste request for each operation. Ctrl-C stops it.
 *
 * The Slack command runs too: its worker is invoked through the gateway's Lambda Invoke
 * emulation, and what the worker posts to `response_url` lands in a local sink that prints it.
 *
 * `npm start -- --aksk` (or `--aksk-temporary`) gives the functions one of the seeded user's
 * access keys instead of its password: every BCS call is then signed, and IAM is never called.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exampleRequests, startSimulator } from '../simulator/index.ts';
import { defaultSeed } from '../simulator/seed.ts';
import { buildAll } from './build.ts';
import {
  applyEnv,
  credentialModeOf,
  describeCredentials,
  functionCredentialsEnv,
  StartOptionsError,
} from './function-credentials.ts';
import { startLocalGateway } from './local-gateway.ts';
import { localSlack } from './slack-sample.ts';

const requestedPort = Number(process.env.PORT ?? 3000);
const credentialMode = (() => {
  try {
    return credentialModeOf(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof StartOptionsError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
})();

const built = await buildAll();
const simulator = await startSimulator({ port: Number(process.env.SIMULATOR_PORT ?? 0) });

// The functions read their configuration on first use: point them at the simulator.
Object.assign(process.env, { BCS_ENDPOINT: simulator.url, IAM_ENDPOINT: simulator.url });
applyEnv(functionCredentialsEnv(credentialMode));
delete process.env.HUAWEICLOUD_REGION;

// Where the Slack worker posts its outcomes: printed here, as Slack would show them.
const responseSink = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let message: { response_type?: string; text?: string } = {};
    try {
      message = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      message = { text: Buffer.concat(chunks).toString('utf8') };
    }
    const text = (message.text ?? '').replace(/&(lt|gt|amp);/g, (_, name: string) =>
      name === 'lt' ? '<' : name === 'gt' ? '>' : '&',
    );
    console.log(`\n[slack response_url, ${message.response_type ?? '?'}] ${text}`);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
});
await new Promise<void>((resolve) => responseSink.listen(0, '127.0.0.1', resolve));
const responseUrl = `http://127.0.0.1:${(responseSink.address() as AddressInfo).port}/commands/${localSlack.teamId}/1/local`;

// The Slack functions: a local signing secret, one allowed user, our own ids from the seed.
const { demo, inviter } = defaultSeed;
Object.assign(process.env, {
  SLACK_SIGNING_SECRET: localSlack.signingSecret,
  SLACK_ALLOWED_USER_IDS: localSlack.userId,
  SLACK_ALLOWED_TEAM_IDS: localSlack.teamId,
  SLACK_RESPONSE_URL_HOSTS: 'hooks.slack.com,127.0.0.1',
  SLACK_WORKER_FUNCTION_NAME: 'slack-worker',
  HUAWEICLOUD_PROJECT_ID: demo.projectId,
  HUAWEICLOUD_DOMAIN_ID: demo.domainId,
  BCS_INSTANCE_ID: demo.blockchainId,
  // The AWS SDK reaches the local gateway's Lambda Invoke emulation (set below) with these.
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
});
for (const name of ['SLACK_SIGNING_SECRET_ARN', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) {
  delete process.env[name];
}

const gateway = await startLocalGateway({ port: requestedPort }).catch(async (error: unknown) => {
  if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
  console.warn(`Port ${requestedPort} is taken; using a free one instead (set PORT to choose).`);
  return startLocalGateway({ port: 0 });
});
// The AWS SDK reaches the gateway's stand-ins: Lambda Invoke, EventBridge PutEvents, SQS
// SendMessage, and the idempotency table (DynamoDB, in memory).
Object.assign(process.env, {
  AWS_ENDPOINT_URL_LAMBDA: gateway.url,
  AWS_ENDPOINT_URL_EVENTBRIDGE: gateway.url,
  AWS_ENDPOINT_URL_SQS: gateway.url,
  AWS_ENDPOINT_URL_DYNAMODB: gateway.url,
  IDEMPOTENCY_TABLE_NAME: 'bcs-offboard-local-idempotency',
  OUTCOME_EVENT_BUS_NAME: 'default',
  DEAD_LETTER_QUEUE_URL: `${gateway.url}/000000000000/bcs-offboard-local-requests-dlq`,
});

const curl = (
  name: string,
  { method, path, body }: { method: string; path: string; body: unknown },
) =>
  [
    `# ${name}`,
    `curl -sS -X ${method} '${gateway.url}${path}' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '${JSON.stringify(body)}'`,
  ].join('\n');

const slack = (comment: string, text: string) =>
  [
    `# ${comment}`,
    `npx node scripts/slack-sample.ts --gateway ${gateway.url} --response-url ${responseUrl} \\`,
    `  '${text}'`,
  ].join('\n');

console.log(`
bcs-offboard is running locally
  functions:  ${built.map(({ name }) => name).join(', ')}
  endpoint:   ${gateway.url}   (the routes of serverless.yml, without authorization)
  simulator:  ${simulator.url}   (Huawei BCS + IAM stand-in; state resets when this stops)
  credentials: ${describeCredentials(credentialMode)}

Each request below succeeds once against the fresh simulator (a second quit is refused by BCS):

${curl('The invitee quits a consortium', exampleRequests.quitConsortium)}

${curl('Remove organizations from a channel', exampleRequests.removeChannelOrgs)}

The Slack command (POST ${gateway.url}/slack/commands) takes the same operations. The script
signs each command when it sends it (as user ${localSlack.userId}, allowed here), prints the
immediate answer, and the outcome of a real run is printed here when the worker posts it:

${slack('Slack: the grammar', 'help')}

${slack('Slack: a dry run (validates, shows the BCS request, sends nothing)', 'remove-orgs channel=channel orgs=org3 dry-run')}

${slack('Slack: remove an organization', 'remove-orgs channel=channel orgs=org3')}

${slack('Slack: our instance quits the consortium', `quit-consortium inviter-bcs=${inviter.bcsId} inviter-project=${inviter.projectId} inviter-domain=${inviter.domainId} inviter-user=${inviter.userName} channel=${inviter.channelName}`)}

The event functions, invoked as EventBridge and SQS would invoke them (outcomes and
dead-lettered messages are printed here instead of sent to AWS):

# EventBridge: "BCS Remove Channel Orgs Requested" (run it twice: the second is a duplicate)
npx node scripts/event-sample.ts --gateway ${gateway.url} eventbridge 'remove-channel-orgs' '{"org_names":["organization"]}' --correlation-id offboarding-1

# SQS: a batch of one good and one malformed message
npx node scripts/event-sample.ts --gateway ${gateway.url} sqs 'remove-channel-orgs' '{"org_names":["organization2"]}' --malformed

Press Ctrl-C to stop.`);

const stop = async () => {
  await gateway.close();
  responseSink.close();
  await simulator.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
