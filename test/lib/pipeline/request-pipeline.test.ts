/**
 * The container's pipeline parts, made from the environment on first use. This file's module
 * state is its own (vitest isolates test files), so the first use is the one below.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sharedConfig } from '../../../lib/config/config.ts';
import { quitConsortium } from '../../../lib/operations/quit-consortium.ts';
import { admitRequest } from '../../../lib/pipeline/admit-request.ts';
import { sharedRequestPipeline } from '../../../lib/pipeline/request-pipeline.ts';
import { defaultSeed, type Simulator, startSimulator } from '../../../simulator/index.ts';
import { simulatorEnv } from '../../helpers/bundles.ts';
import { quitConsortiumBody } from '../../helpers/events.ts';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator();
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await sim.stop();
});

describe('sharedRequestPipeline', () => {
  it("is made once from the container's configuration, and calls the BCS it names", async () => {
    // Prepare
    for (const [name, value] of Object.entries(simulatorEnv(sim))) vi.stubEnv(name, value);
    const raw = { path: { project_id: defaultSeed.demo.projectId }, body: quitConsortiumBody() };

    // Act
    const first = sharedRequestPipeline();
    vi.stubEnv('BCS_ENDPOINT', 'http://127.0.0.1:9');
    const second = sharedRequestPipeline();
    const answer = await second.callBcs(
      admitRequest(quitConsortium, raw, undefined),
      AbortSignal.timeout(10_000),
    );

    // Assess
    expect(second).toBe(first);
    expect(first.config).toBe(sharedConfig());
    expect(answer.status).toBe(200);
    expect(sim.operations()).toHaveLength(1);
  });
});
