/**
 * `npm start`: the whole thing on this machine, with no AWS or Huawei account. Builds the
 * bundles, starts the embedded BCS + IAM simulator and the local gateway (scripts/local-demo.ts),
 * and prints a ready-to-paste example for every operation and caller
 * (scripts/demo-examples.ts). Ctrl-C stops it.
 *
 * The Slack command runs too: its worker is invoked through the gateway's Lambda Invoke
 * emulation, and what the worker posts to `response_url` lands in a local sink that prints it.
 *
 * Every operation accepted from an event or a Slack command is followed to its end, as
 * deployed: the outcome rule and the tracking queue feed `operation-tracker`, whose look-ups,
 * end event and Slack post are printed. The queue holds each look-up back its `DelaySeconds`
 * (10 s, then 20 s…) and the simulator's operations finish 4 s after acceptance;
 * `LOCAL_DELAY_SCALE=0.1 npm start` makes both ten times shorter.
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
const delayScale = Number(process.env.LOCAL_DELAY_SCALE ?? 1);
if (!(delayScale > 0 && delayScale <= 1)) {
  console.error(
    `LOCAL_DELAY_SCALE must be a number above 0 and at most 1, not ${process.env.LOCAL_DELAY_SCALE}`,
  );
  process.exit(2);
}
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
  delayScale,
  onSlackResponse: ({ response_type, text }) =>
    console.log(`\n[slack response_url, ${response_type ?? '?'}] ${text}`),
});
const { gateway, simulator, responseUrl } = demo;
if (demo.portTaken) {
  console.warn(`Port ${requestedPort} is taken; using a free one instead (set PORT to choose).`);
}

/** The examples are printed in groups: each caller's, then the status of what they did. */
type Group = DemoCaller | 'status';

/** What is said before the first example of each group. */
const introductions: Record<Group, string> = {
  http: `Run the examples in the order printed: each succeeds once, and acts on organizations and a
consortium of its own, so none undoes another. To start over, stop this and start it again.`,
  slack: `The Slack command (POST ${gateway.url}/slack/commands) takes the same operations. The script
signs each command when it sends it (as user ${localSlack.userId}, allowed here), prints the
immediate answer, and the outcome of a real run is printed here when the worker posts it. Then
the operation is followed to its end: the tracker's look-ups (ListOpRecord, then the next one
queued with a delay), its "BCS Offboarding Ended" event and its post to the channel are
printed here too, ${delayScale === 1 ? 'about 10 s later' : 'a few seconds later'}:`,
  events: `The event functions, invoked as EventBridge and SQS would invoke them (outcomes and
dead-lettered messages are printed here instead of sent to AWS). What BCS accepted is followed
to its end, as for Slack; --until-ended waits for the "BCS Offboarding Ended" event and prints it:`,
  status: 'Last, ListOpRecord through the admin route: how every operation above ended.',
};

let previous: Group | undefined;
const examples = demoExamples({ gatewayUrl: gateway.url, responseUrl }).map((example) => {
  const text = renderExample(example);
  const group: Group =
    example.caller === 'http' && example.method === 'GET' ? 'status' : example.caller;
  const introduced = group === previous ? text : `${introductions[group]}\n\n${text}`;
  previous = group;
  return introduced;
});

console.log(`
bcs-offboard is running locally
  functions:  ${built.map(({ name }) => name).join(', ')}
  endpoint:   ${gateway.url}   (the routes of serverless.yml, without authorization)
  simulator:  ${simulator.url}   (Huawei BCS + IAM stand-in; state resets when this stops)
  credentials: ${describeCredentials(credentialMode)}
  tracking:   look-ups held back ${delayScale === 1 ? 'as SQS would (DelaySeconds 10, 20, …)' : `DelaySeconds × ${delayScale}, operations too`} (LOCAL_DELAY_SCALE)

${examples.join('\n\n')}

Press Ctrl-C to stop.`);

const stop = async () => {
  await demo.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
