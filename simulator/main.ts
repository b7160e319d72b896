/**
 * Runs the simulator on its own until SIGINT or SIGTERM.
 *
 * @example
 * // node simulator/main.ts --port 4010 --processing-ms 1000 --finished-ms 4000
 */
import { parseArgs } from 'node:util';
import { DEFAULT_OPERATION_DELAYS, defaultSeed, startSimulator } from './index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'processing-ms': { type: 'string', default: String(DEFAULT_OPERATION_DELAYS.processing) },
    'finished-ms': { type: 'string', default: String(DEFAULT_OPERATION_DELAYS.finished) },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer from 0 to 65535, not ${values.port}`);
  process.exit(2);
}
const processing = Number(values['processing-ms']);
const finished = Number(values['finished-ms']);
if (!(Number.isInteger(processing) && processing >= 0 && Number.isInteger(finished))) {
  console.error('--processing-ms and --finished-ms must be integers >= 0');
  process.exit(2);
}
if (finished < processing) {
  console.error('--finished-ms must be at least --processing-ms');
  process.exit(2);
}

const simulator = await startSimulator({ port, operationDelaysMs: { processing, finished } });
const { demo } = defaultSeed;
console.log(`BCS + IAM simulator listening on ${simulator.url}`);
console.log(
  `  sign in as ${demo.userName} (account ${demo.domainName}), project ${demo.projectId}`,
);
console.log(
  `  or sign requests (SDK-HMAC-SHA256) with AK ${demo.accessKey.access}, or the temporary AK ${demo.temporaryAccessKey.access} (SKs and security token: simulator/seed.ts)`,
);
console.log(
  `  control API: ${simulator.url}/__simulator/{faults,expire-tokens,access-keys,reset-lockouts,reset,requests,operations,operations/fail,operations/stop,stats}`,
);
console.log(`  operations turn processing after ${processing} ms, finished after ${finished} ms`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void simulator.stop().then(() => process.exit(0));
  });
}
