import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { httpHandler } from '../../../lib/callers/http.ts';
import { removeChannelOrgs } from '../../../lib/operations/remove-channel-orgs.ts';
import { type Simulator, startSimulator } from '../../../simulator/index.ts';
import { simulatorEnv } from '../../helpers/bundles.ts';
import { removeChannelOrgsEvent } from '../../helpers/events.ts';
import { lambdaContext } from '../../helpers/lambda-context.ts';
import { takeLogs } from '../../helpers/log-capture.ts';

let sim: Simulator;
const handler = httpHandler(removeChannelOrgs);

beforeAll(async () => {
  sim = await startSimulator();
  // The handler's service reads its configuration from process.env on its first invocation.
  for (const [name, value] of Object.entries(simulatorEnv(sim))) vi.stubEnv(name, value);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await sim.stop();
});
beforeEach(() => {
  sim.reset();
  takeLogs();
});

describe('httpHandler', () => {
  it.each([
    [200, 'info'],
    [400, 'warn'],
    [429, 'warn'],
    [500, 'error'],
    [503, 'error'],
  ])('logs a BCS %i it passes through as one line at level %s', async (status, level) => {
    // Prepare
    if (status !== 200) sim.inject({ service: 'bcs', mode: 'status', status });

    // Act
    const response = await handler(removeChannelOrgsEvent(), lambdaContext());

    // Assess
    expect(response).toMatchObject({ statusCode: status });
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({ level, message: 'bcs answered', status }),
    ]);
  });
});
