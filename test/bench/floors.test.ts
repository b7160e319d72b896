/**
 * The floors `npm run bench` compares the functions with must do the work they stand for, or
 * the comparison means nothing: each one run here against the simulator and, for the event
 * floor, the AWS stand-ins of the bench (bench/aws-stand-ins.ts).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startAwsStandIns } from '../../bench/aws-stand-ins.ts';
import { bcsAnswers, benchTargets, floorTargets, INVOCATION } from '../../bench/functions.ts';
import { type Simulator, startSimulator } from '../../simulator/index.ts';
import { simulatorEnv } from '../helpers/bundles.ts';

let sim: Simulator;
let aws: Awaited<ReturnType<typeof startAwsStandIns>>;

beforeAll(async () => {
  sim = await startSimulator();
  aws = await startAwsStandIns();
  for (const [name, value] of Object.entries(simulatorEnv(sim, aws.env))) vi.stubEnv(name, value);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await sim.stop();
  await aws.stop();
});
beforeEach(() => {
  sim.reset();
  for (const fault of bcsAnswers) sim.inject(fault);
});

/** An event as the measured process gets it: the invocation's own id in place. */
const eventOf = (event: unknown, id: string) =>
  JSON.parse(JSON.stringify(event).replaceAll(INVOCATION, id));
const bcsPuts = () => sim.requests.filter((request) => request.service === 'bcs');

describe('the floors of the benchmark', () => {
  it('http: signs in once and sends the PUT, answering what BCS answered', async () => {
    // Prepare
    const { handler } = await import('../../bench/floor/index.mjs');

    // Act
    const first = await handler(eventOf(floorTargets.http.event(), '1'));
    const second = await handler(eventOf(floorTargets.http.event(), '2'));

    // Assess
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(sim.signInCount()).toBe(1);
    expect(bcsPuts()).toHaveLength(2);
  });

  it('event: claims, sends the PUT, records and publishes a success, for EventBridge and SQS', async () => {
    // Prepare
    const { handler } = await import('../../bench/floor/event.mjs');
    const published = aws.published();
    const sqsMessage = benchTargets['sqs-offboard']?.event() ?? {};

    // Act
    const fromEventBridge = await handler(eventOf(floorTargets.event.event(), 'a'));
    const fromSqs = await handler(eventOf(sqsMessage, 'b'));

    // Assess
    expect(fromEventBridge).toBeUndefined();
    expect(fromSqs).toEqual({ batchItemFailures: [] });
    expect(bcsPuts()).toHaveLength(2);
    expect(aws.published() - published).toBe(2);
    expect(aws.failures).toEqual([]);
  });

  it('event: refuses a request already claimed, as the claim is conditional', async () => {
    // Prepare
    const { handler } = await import('../../bench/floor/event.mjs');
    const event = eventOf(floorTargets.event.event(), 'twice');
    await handler(event);

    // Act
    const again = handler(event);

    // Assess
    await expect(again).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect(bcsPuts()).toHaveLength(1);
  });
});
