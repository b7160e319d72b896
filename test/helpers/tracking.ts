import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { OperationRecordsReader } from '../../lib/tracking/read-operation-records.ts';
import type { TrackingJob } from '../../lib/tracking/tracking-job.ts';
import { defaultSeed, type Simulator } from '../../simulator/index.ts';
import { callerToken } from './caller-token.ts';

const { demo } = defaultSeed;

/**
 * ListOpRecord as an admin caller reads it: one `GET /v2/{project}/operation/record` to
 * `endpoint` (default the simulator) over loopback, with a caller token signed in from the
 * simulator's IAM, answering BCS's status and body untouched: the tracker's reader in tests
 * that move the clock (its deployed default signs in with the service credentials).
 *
 * @example
 * ```ts
 * const handler = trackerHandler({ readOperationRecords: loopbackRecordsReader(sim), ... });
 * ```
 */
export const loopbackRecordsReader =
  (sim: Simulator, endpoint: () => string = () => sim.url): OperationRecordsReader =>
  async (projectId, operationId, signal) => {
    const token = await callerToken(sim);
    const query = new URLSearchParams({ operation_id: operationId });
    const response = await fetch(
      `${endpoint()}/v2/${encodeURIComponent(projectId)}/operation/record?${query}`,
      { headers: { 'X-Auth-Token': token }, signal },
    );
    return { status: response.status, body: await response.text() };
  };

/**
 * A BCS that has not written its operation records yet: on loopback in front of the
 * simulator, it answers ListOpRecord's `{"count": 0, "operation_records": []}` to the next
 * `unknownFor` look-ups, then hands every request to the simulator.
 */
export const startLaggingBcs = async (sim: Simulator) => {
  let unknownFor = 0;
  let answeredUnknown = 0;
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      if (unknownFor > 0) {
        unknownFor -= 1;
        answeredUnknown += 1;
        res
          .writeHead(200, { 'content-type': 'application/json;charset=UTF-8' })
          .end('{"count":0,"operation_records":[]}');
        return;
      }
      const answer = await fetch(`${sim.url}${req.url}`, {
        headers: { 'X-Auth-Token': String(req.headers['x-auth-token']) },
      });
      res
        .writeHead(answer.status, { 'content-type': String(answer.headers.get('content-type')) })
        .end(await answer.text());
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** The next `count` look-ups find no record (`Infinity`: BCS never knows it). */
    unknownFor: (count: number) => {
      unknownFor = count;
      answeredUnknown = 0;
    },
    get answeredUnknown() {
      return answeredUnknown;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
};

/**
 * Starts an operation in the simulator as BCS accepts one (removing `orgs` from the demo
 * channel) and returns its tracking job, accepted at `acceptedAt`.
 */
export const acceptedOperation = async (
  sim: Simulator,
  orgs: string[],
  job: Partial<TrackingJob> & { accepted_at: number },
): Promise<TrackingJob> => {
  const response = await fetch(
    `${sim.url}/v2/${demo.projectId}/blockchains/${demo.blockchainId}/channel/orgs/quit`,
    {
      method: 'PUT',
      headers: { 'X-Auth-Token': await callerToken(sim), 'Content-Type': 'application/json' },
      body: JSON.stringify({ org_names: orgs }),
    },
  );
  const { operation_id } = (await response.json()) as { operation_id?: string };
  if (response.status !== 200 || operation_id === undefined) {
    throw new Error(`the simulator did not accept the operation: ${response.status}`);
  }
  return {
    operation: 'remove-channel-orgs',
    operation_id,
    project_id: demo.projectId,
    correlation_id: `offboarding-${orgs.join('-')}`,
    trigger: 'eventbridge',
    attempt: 1,
    ...job,
  };
};

/** Ends an operation `failed` now, through the simulator's control API. */
export const failOperation = async (sim: Simulator, operationId: string, message: string) => {
  const response = await fetch(`${sim.url}/__simulator/operations/fail`, {
    method: 'POST',
    body: JSON.stringify({ operation_id: operationId, message }),
  });
  if (response.status !== 204) throw new Error(`the simulator did not fail it: ${response.status}`);
};
