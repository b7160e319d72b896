/**
 * What the benchmark needs to invoke each function: a valid event for its trigger, the part
 * of the answer that proves it succeeded, what each invocation leaves in the stand-ins and the
 * floor it is compared with. A function of `functions/` not listed here is flagged in the
 * results and only its size and module load are measured: add it here to measure it.
 */

import { defaultSeed, type Fault } from '../simulator/index.ts';
import { eventBridgeEvent, sqsEvent, sqsRecord } from '../test/helpers/aws-events.ts';
import { quitConsortiumEvent, removeChannelOrgsEvent } from '../test/helpers/events.ts';
import { ALLOWED_TEAM, ALLOWED_USER, slackCommandEvent } from '../test/helpers/slack.ts';

/** The floor a function is compared with, one per kind of function (bench/floor/). */
export type FloorKind = 'http' | 'event' | 'slack-command' | 'slack-worker';

/**
 * What every invocation must leave in the stand-ins: an outcome published as a success
 * (EventBridge), a hand-over to the worker (Lambda Invoke), or a success posted to Slack's
 * `response_url`. Counted after every run: a function that answers but skips its work fails.
 */
export type Effect = 'published' | 'invoked' | 'posted';

/** Where a run's stand-ins are, for the events that name them. */
export interface EventContext {
  /** A `response_url` on Slack's stand-in. */
  responseUrl: string;
}

export interface BenchTarget {
  /**
   * A valid event (sent to the measured process as JSON). Each invocation gets it with
   * {@link INVOCATION} replaced by an id of its own, so that no two are the same request.
   */
  event: (context: EventContext) => unknown;
  /**
   * A subset of the handler's answer that every invocation must match; `undefined`: it must
   * answer nothing, `undefined` or `null` (an EventBridge target, the Slack worker: their
   * effect is checked instead).
   */
  expect: Record<string, unknown> | undefined;
  effect: Effect | undefined;
  /** false: it never signs in to IAM (slack-command), so its concurrent sign-ins mean nothing. */
  signsIn: boolean;
  /** Slack waits for its first answer (at most 3 s): the first-answer budget applies. */
  answersSlack?: boolean;
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
/** `/bcs-offboard remove-orgs`, signed by Slack now: a real run, handed to the worker. */
const slashCommand = ({ responseUrl }: EventContext) =>
  slackCommandEvent({ text: `remove-orgs channel=${demo.channelName} orgs=org3`, responseUrl });
/**
 * What slack-command hands the worker. The worker keys a request on its input alone (a
 * command typed twice is one request), so each invocation removes an organization of its own.
 */
const workerPayload = ({ responseUrl }: EventContext) => ({
  operation: 'remove-channel-orgs',
  input: {
    path: removeOrg3().path,
    body: { org_names: [`org-${INVOCATION}`] },
  },
  response_url: responseUrl,
  user_id: ALLOWED_USER,
  team_id: ALLOWED_TEAM,
  correlation_id: `bench-${INVOCATION}`,
});

const http = { expect: httpOk, effect: undefined, signsIn: true, floor: 'http' } as const;
const event = { expect: undefined, effect: 'published', signsIn: true, floor: 'event' } as const;
const slackCommand: BenchTarget = {
  event: slashCommand,
  expect: httpOk,
  effect: 'invoked',
  signsIn: false,
  answersSlack: true,
  floor: 'slack-command',
};
const slackWorker: BenchTarget = {
  event: workerPayload,
  expect: undefined,
  effect: 'posted',
  signsIn: true,
  floor: 'slack-worker',
};

export const benchTargets: Record<string, BenchTarget> = {
  'http-quit-consortium': { ...http, event: () => quitConsortiumEvent() },
  'http-remove-channel-orgs': { ...http, event: () => removeChannelOrgsEvent() },
  'eventbridge-offboard': { ...event, event: eventBridgeRemoval },
  'sqs-offboard': { ...event, event: sqsRemoval, expect: { batchItemFailures: [] } },
  'slack-command': slackCommand,
  // The worker answers Lambda only with the hand-over of what BCS accepted to the tracker
  // (its on-success destination); its floor, which tracks nothing, answers nothing.
  'slack-worker': { ...slackWorker, expect: { track: { result: 'succeeded', status: 200 } } },
};

/**
 * The floors handle remove-channel-orgs: an API Gateway event (bench/floor/index.mjs), an
 * EventBridge event (bench/floor/event.mjs, which does the same work for an SQS message), a
 * slash command and a worker payload (bench/floor/slack-command.mjs, slack-worker.mjs).
 */
export const floorTargets: Record<FloorKind, BenchTarget> = {
  http: { ...http, event: () => removeChannelOrgsEvent() },
  event: { ...event, event: eventBridgeRemoval },
  'slack-command': slackCommand,
  'slack-worker': slackWorker,
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
