/**
 * `npm start`: the whole thing on this machine, with no AWS or Huawei account. Builds the
 * bundles, starts the embedded BCS + IAM simulator and the local gateway (scripts/local-demo.ts),
 * and prints a ready-to-paste example for every operation and caller
 * (scripts/demo-examples.ts). Ctrl-C stops it.
 *
 * The Slack command runs too: its worker is invoked through the gateway's Lambda Invoke
 * emulation, and what the worker posts to `response_url` lands in a local sink that prints it.
 *
 * `npm start -- --aksk` (or `--aksk-temporary`) gives the functions one of the seeded user's
 * access keys instead of its password: every BCS call is then signed, and IAM is never called.
 */
import { buildAll } from './build.ts';
import { type DemoCaller, demoExamples, renderExample } from './demo-examples.ts';
import {
  credentialModeOf,
  describeCredentials,
  StartOptionsError,
} from './function-credentials.ts';
import { startLocalDemo } from './local-demo.ts';
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
const demo = await startLocalDemo({
  port: requestedPort,
  simulatorPort: Number(process.env.SIMULATOR_PORT ?? 0),
  credentialMode,
  onSlackResponse: ({ response_type, text }) =>
    console.log(`\n[slack response_url, ${response_type ?? '?'}] ${text}`),
});
const { gateway, simulator, responseUrl } = demo;
if (demo.portTaken) {
  console.warn(`Port ${requestedPort} is taken; using a free one instead (set PORT to choose).`);
}

/** What is said before the first example of each caller. */
const introductions: Record<DemoCaller, string> = {
  http: `Run the examples in the order printed: each succeeds once, and acts on organizations and a
consortium of its own, so none undoes another. To start over, stop this and start it again.`,
  slack: `The Slack command (POST ${gateway.url}/slack/commands) takes the same operations. The script
signs each command when it sends it (as user ${localSlack.userId}, allowed here), prints the
immediate answer, and the outcome of a real run is printed here when the worker posts it:`,
  events: `The event functions, invoked as EventBridge and SQS would invoke them (outcomes and
dead-lettered messages are printed here instead of sent to AWS):`,
};

let previous: DemoCaller | undefined;
const examples = demoExamples({ gatewayUrl: gateway.url, responseUrl }).map((example) => {
  const text = renderExample(example);
  const introduced =
    example.caller === previous ? text : `${introductions[example.caller]}\n\n${text}`;
  previous = example.caller;
  return introduced;
});

console.log(`
bcs-offboard is running locally
  functions:  ${built.map(({ name }) => name).join(', ')}
  endpoint:   ${gateway.url}   (the routes of serverless.yml, without authorization)
  simulator:  ${simulator.url}   (Huawei BCS + IAM stand-in; state resets when this stops)
  credentials: ${describeCredentials(credentialMode)}

${examples.join('\n\n')}

Press Ctrl-C to stop.`);

const stop = async () => {
  await demo.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
