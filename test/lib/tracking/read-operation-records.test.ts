/**
 * The tracker's deployed ListOpRecord reader, run through the request pipeline against the
 * simulator over loopback: the same allowed-project check, service credentials and token
 * cache as every other BCS call of the container.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configFrom, upstreamConfig } from '../../../lib/config/config.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';
import { createBcsCaller } from '../../../lib/pipeline/call-bcs.ts';
import type { RequestPipeline } from '../../../lib/pipeline/request-pipeline.ts';
import { pipelineRecordsReader } from '../../../lib/tracking/read-operation-records.ts';
import { defaultSeed, type Simulator, startSimulator } from '../../../simulator/index.ts';
import { simulatorEnv } from '../../helpers/bundles.ts';
import { acceptedOperation } from '../../helpers/tracking.ts';

const { demo } = defaultSeed;
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.stop();
});
beforeEach(() => {
  sim.reset();
});

/** A container's pipeline parts, wired to the simulator with the demo service account. */
const pipelineOf = (env: Record<string, string | undefined> = {}): (() => RequestPipeline) => {
  const config = configFrom(simulatorEnv(sim, env));
  const pipeline = { config, callBcs: createBcsCaller(() => upstreamConfig(config)) };
  return () => pipeline;
};

describe('pipelineRecordsReader()', () => {
  it('reads one operation record as the service account, signing in once for every look-up', async () => {
    // Prepare
    const job = await acceptedOperation(sim, ['org4'], { accepted_at: Date.now() });
    const read = pipelineRecordsReader(pipelineOf());
    const signInsBefore = sim.signInCount();

    // Act
    const answers = [
      await read(demo.projectId, job.operation_id, AbortSignal.timeout(5000)),
      await read(demo.projectId, job.operation_id, AbortSignal.timeout(5000)),
    ];

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(JSON.parse(answers[0]?.body ?? '')).toMatchObject({
      count: 1,
      operation_records: [expect.objectContaining({ operation_id: job.operation_id })],
    });
    expect(sim.signInCount() - signInsBefore).toBe(1);
    const gets = sim.requests.filter((request) => request.method === 'GET');
    expect(gets.map((request) => request.path)).toEqual(
      Array(2).fill(
        `/v2/${demo.projectId}/operation/record?operation_id=${encodeURIComponent(job.operation_id)}`,
      ),
    );
  });

  it('refuses a project outside ALLOWED_PROJECT_IDS with BCSGW.4030001, sending nothing', async () => {
    // Prepare
    const read = pipelineRecordsReader(pipelineOf({ ALLOWED_PROJECT_IDS: 'another-project' }));

    // Act
    const reading = read(demo.projectId, 'BCSSVC01-06-1', AbortSignal.timeout(5000));

    // Assess
    await expect(reading).rejects.toThrow(GatewayError);
    await expect(reading).rejects.toMatchObject({ errorCode: 'BCSGW.4030001' });
    expect(sim.requests).toEqual([]);
  });
});
