/**
 * `npm start`: the whole thing on this machine, with no AWS or Huawei account. Builds the
 * bundles, starts the embedded BCS + IAM simulator and the local gateway, and prints a
 * ready-to-paste request for each operation. Ctrl-C stops it.
 */
import { exampleRequests, startSimulator } from '../simulator/index.ts';
import { defaultSeed } from '../simulator/seed.ts';
import { buildAll } from './build.ts';
import { startLocalGateway } from './local-gateway.ts';

const requestedPort = Number(process.env.PORT ?? 3000);

const built = await buildAll();
const simulator = await startSimulator({ port: Number(process.env.SIMULATOR_PORT ?? 0) });

// The functions read their configuration on first use: point them at the simulator.
Object.assign(process.env, {
  BCS_ENDPOINT: simulator.url,
  IAM_ENDPOINT: simulator.url,
  HUAWEICLOUD_DOMAIN_NAME: defaultSeed.demo.domainName,
  HUAWEICLOUD_USER_NAME: defaultSeed.demo.userName,
  HUAWEICLOUD_PASSWORD: defaultSeed.demo.password,
});
delete process.env.HUAWEICLOUD_CREDENTIALS_SECRET;
delete process.env.HUAWEICLOUD_REGION;

const gateway = await startLocalGateway({ port: requestedPort }).catch(async (error: unknown) => {
  if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
  console.warn(`Port ${requestedPort} is taken; using a free one instead (set PORT to choose).`);
  return startLocalGateway({ port: 0 });
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

console.log(`
bcs-offboard is running locally
  functions:  ${built.map(({ name }) => name).join(', ')}
  endpoint:   ${gateway.url}   (the routes of serverless.yml, without authorization)
  simulator:  ${simulator.url}   (Huawei BCS + IAM stand-in; state resets when this stops)

Each request below succeeds once against the fresh simulator (a second quit is refused by BCS):

${curl('The invitee quits a consortium', exampleRequests.quitConsortium)}

${curl('Remove organizations from a channel', exampleRequests.removeChannelOrgs)}

Press Ctrl-C to stop.`);

const stop = async () => {
  await gateway.close();
  await simulator.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
