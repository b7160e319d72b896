/**
 * What the benchmark needs to invoke each function: a valid event for its trigger, the part
 * of the answer that proves it succeeded and the floor it is compared with. A function of `functions/` not listed here is
 * flagged in the results and only its size is checked: add it here to measure it.
 */

import { defaultSeed, type Fault } from '../simulator/index.ts';
import { eventBridgeEvent, sqsEvent, sqsRecord } from '../test/helpers/aws-events.ts';
import { quitConsortiumEvent, removeChannelOrgsEvent } from '../test/helpers/events.ts';

/** The floor a function is compared with: `http` (bench/floor/index.mjs) or `event` (event.mjs). */
export type FloorKind = 'http' | 'event';

export interface BenchTarget {
  /**
   * A valid event (sent to the measured process as JSON). Each invocation gets it with
   * {@link INVOCATION} replaced by an id of its own, so that no two are the same request.
   */
  event: () => unknown;
  /**
   * A subset of the handler's answer that every invocation must match; `undefined`: it must
   * answer nothing (an EventBridge target; its outcome, published, is checked instead).
   */
  expect: Record<string, unknown> | undefined;
  floor: FloorKind;
}

/** Stands for the invocation's own id in an event (bench/child.mjs replaces it). */
export const INVOCATION = '{{invocation}}';

const httpOk = { statusCode: 200 };
const { demo } = defaultSeed;
/** Remove org3 from the demo channel, a new request each time (its own correlation id). */
const removeOrg3 = () => ({
  path: {
    project_id: demo.projectId,
    blockchain_id: demo.blockchainId,
    channel_id: demo.channelName,
  },
  body: { org_names: ['org3'] },
  correlation_id: `bench-${INVOCATION}`,
});
const eventBridgeRemoval = () =>
  eventBridgeEvent('BCS Remove Channel Orgs Requested', removeOrg3());
const sqsRemoval = () =>
  sqsEvent(
    sqsRecord({ operation: 'remove-channel-orgs', ...removeOrg3() }, { messageId: INVOCATION }),
  );

export const benchTargets: Record<string, BenchTarget> = {
  'http-quit-consortium': { event: () => quitConsortiumEvent(), expect: httpOk, floor: 'http' },
  'http-remove-channel-orgs': {
    event: () => removeChannelOrgsEvent(),
    expect: httpOk,
    floor: 'http',
  },
  'eventbridge-offboard': { event: eventBridgeRemoval, expect: undefined, floor: 'event' },
  'sqs-offboard': { event: sqsRemoval, expect: { batchItemFailures: [] }, floor: 'event' },
};

/**
 * The floors handle remove-channel-orgs: an API Gateway event (bench/floor/index.mjs), and an
 * EventBridge event (bench/floor/event.mjs, which does the same work for an SQS message).
 */
export const floorTargets: Record<FloorKind, BenchTarget> = {
  http: { event: () => removeChannelOrgsEvent(), expect: httpOk, floor: 'http' },
  event: { event: eventBridgeRemoval, expect: undefined, floor: 'event' },
};

/**
 * BCS answers every call with a constant success (its documented 200 bodies), so that every
 * invocation does the same work however many times the operation was already applied. IAM
 * is the simulator's own, real sign-in.
 */
export const bcsAnswers: Fault[] = [
  {
    service: 'bcs',
    match: '/orgs/quit',
    mode: 'status',
    status: 200,
    body: '{"operation_id":"BCSSVC01-06-1624275286218943067"}',
    times: Number.POSITIVE_INFINITY,
  },
  {
    service: 'bcs',
    match: '/members/quit',
    mode: 'status',
    status: 200,
    body: '{"result":"success","operation_id":"BCSSVC01-03-1617158790255323683"}',
    times: Number.POSITIVE_INFINITY,
  },
];
