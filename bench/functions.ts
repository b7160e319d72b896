/**
 * What the benchmark needs to invoke each function: a valid event for its trigger, the part
 * of the answer that proves it succeeded, what each invocation leaves in the stand-ins and the
 * floor it is compared with. A function of `functions/` not listed here is flagged in the
 * results and only its size and module load are measured: add it here to measure it.
 */

import { defaultSeed, type Fault } from '../simulator/index.ts';
import { eventBridgeEvent, sqsEvent, sqsRecord } from '../test/helpers/aws-events.ts';
import {
  operationRecordEvent,
  quitConsortiumEvent,
  removeChannelOrgsEvent,
} from '../test/helpers/events.ts';
import { ALLOWED_TEAM, ALLOWED_USER, slackCommandEvent } from '../test/helpers/slack.ts';

/** The floor a function is compared with, one per kind of function (bench/floor/). */
export type FloorKind =
  | 'http'
  | 'http-get'
  | 'event'
  | 'slack-command'
  | 'slack-worker'
  | 'slack-status'
  | 'operation-tracker';

/**
 * What every invocation must leave in the stand-ins: an outcome published as a success
 * (EventBridge), a hand-over to the worker (Lambda Invoke), a success posted to Slack's
 * `response_url`, the next look-up of an operation queued on the tracking queue (SQS, delayed),
 * or the end of a finished operation published (`BCS Offboarding Ended`). Counted after every
 * run, each kind for every target: a function that answers but skips its work fails, and so
 * does one that leaves an effect it should not (an end where a look-up should be queued).
 */
export type Effect = 'published' | 'invoked' | 'posted' | 'queued' | 'ended';

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

/**
 * The operation whose record BCS's constant ListOpRecord answer holds ({@link bcsAnswers}):
 * the one BCS's constant answer to remove-orgs accepted, `finished`.
 */
export const RECORDED_OPERATION_ID = 'BCSSVC01-06-1624275286218943067';
/** `GET /v2/{project_id}/operation/record?operation_id=…`: how the recorded operation stands. */
const operationRecordQuery = () =>
  operationRecordEvent({ rawQueryString: `operation_id=${RECORDED_OPERATION_ID}` });
/**
 * What slack-command hands the status function for `/bcs-offboard status <operation_id>`:
 * the recorded operation, so that every invocation posts its `finished` status.
 */
const statusPayload = ({ responseUrl }: EventContext) => ({
  operation_id: RECORDED_OPERATION_ID,
  project_id: demo.projectId,
  response_url: responseUrl,
  user_id: ALLOWED_USER,
  team_id: ALLOWED_TEAM,
  correlation_id: `bench-${INVOCATION}`,
});
/**
 * The tracker's first look-up of an operation, as the outcome rule's input transformer writes
 * it (serverless.yml, `AcceptedOperationsRule`: `accepted_at` is the event's `time`, made now
 * so that the maximum age is far). The tracker claims each look-up by operation id and
 * attempt, so each invocation follows an operation of its own; BCS has no record of it yet
 * (count 0, {@link bcsAnswers}), so each queues its second look-up, 10 s later.
 */
const trackingMessage = () =>
  sqsEvent(
    sqsRecord(
      {
        operation: 'remove-channel-orgs',
        operation_id: `BCSSVC01-06-bench-${INVOCATION}`,
        project_id: demo.projectId,
        correlation_id: `bench-${INVOCATION}`,
        trigger: 'eventbridge',
        accepted_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        attempt: 1,
      },
      { queue: 'bcs-offboard-bench-tracking', messageId: INVOCATION },
    ),
  );
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
const httpGet: BenchTarget = {
  event: operationRecordQuery,
  expect: httpOk,
  effect: undefined,
  signsIn: true,
  floor: 'http-get',
};
const slackStatus: BenchTarget = {
  event: statusPayload,
  expect: undefined,
  effect: 'posted',
  signsIn: true,
  floor: 'slack-status',
};
const tracker: BenchTarget = {
  event: trackingMessage,
  expect: { batchItemFailures: [] },
  effect: 'queued',
  signsIn: true,
  floor: 'operation-tracker',
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
  'http-operation-record': httpGet,
  'slack-status': slackStatus,
  'operation-tracker': tracker,
};

/**
 * The floors handle remove-channel-orgs: an API Gateway event (bench/floor/index.mjs), an
 * EventBridge event (bench/floor/event.mjs, which does the same work for an SQS message), a
 * slash command and a worker payload (bench/floor/slack-command.mjs, slack-worker.mjs); and
 * ListOpRecord of one operation: the GET route's event (bench/floor/http-get.mjs), a status
 * payload (bench/floor/slack-status.mjs) and a tracking message
 * (bench/floor/operation-tracker.mjs), the same events as their functions'.
 */
export const floorTargets: Record<FloorKind, BenchTarget> = {
  http: { ...http, event: () => removeChannelOrgsEvent() },
  'http-get': httpGet,
  event: { ...event, event: eventBridgeRemoval },
  'slack-command': slackCommand,
  'slack-worker': slackWorker,
  'slack-status': slackStatus,
  'operation-tracker': tracker,
};

/**
 * BCS's record of {@link RECORDED_OPERATION_ID}, `finished`, in the shape of Huawei's
 * ListOpRecord example (bcs-api.md; step times in nanoseconds, beyond 2^53, as BCS writes
 * them), with the demo seed's ids.
 */
const recordedOperation =
  `{"count":1,"operation_records":[{"operation_id":"${RECORDED_OPERATION_ID}",` +
  '"resource_type":"BCSSVC01","operation_type":"06",' +
  `"domain_id":"${demo.domainId}","project_id":"${demo.projectId}",` +
  `"blockchain_id":"${demo.blockchainId}","blockchain_name":"${demo.blockchainName}",` +
  '"cluster_info":{"cluster_type":"cce","name":"demo-cce","cluster_id":' +
  '"5d1c6b1e-2f7a-4c3b-9e8d-0a1b2c3d4e5f","node_infos":null},"operation_process":{' +
  '"Preparation":{"step_name":"Preparation","status":"finished","detail":"","sub_steps":{' +
  '"Generate basic configurations":{"substep_name":"Generate basic configurations",' +
  '"status":"finished","detail":null,"message":null,"start_time":1624275286251266001,' +
  '"end_time":1624275286951266001,"serial_num":1}},"serial_num":1},' +
  '"Remove organizations":{"step_name":"Remove organizations","status":"finished",' +
  '"detail":"","sub_steps":{"Update channel configuration":{"substep_name":' +
  '"Update channel configuration","status":"finished","detail":null,"message":null,' +
  '"start_time":1624275287218943067,"end_time":1624275290218943067,"serial_num":1}},' +
  '"serial_num":2}},"record_time":1624275286218,"operation_status":"finished",' +
  '"message":[],"desc":""}]}';

/**
 * BCS answers every call with a constant success (its documented 200 bodies), so that every
 * invocation does the same work however many times the operation was already applied. IAM
 * is the simulator's own, real sign-in.
 *
 * ListOpRecord answers as BCS does for the id asked (the first fault whose `match` the path
 * and query hold wins): the record of {@link RECORDED_OPERATION_ID}, `finished`, for the GET
 * route and `status`, which read it whole and post its status; `count: 0` for any other id,
 * the tracker's. The tracker claims each look-up by operation id (and attempt), so that each
 * of its invocations must follow an operation of its own, which a constant answer cannot name:
 * "not known (yet)" makes every one of them do what a look-up of a running operation does
 * (claim, ListOpRecord, the next look-up queued 10 s later, the claim completed), never an end,
 * which would take an operation of its own too.
 */
export const bcsAnswers: Fault[] = [
  {
    service: 'bcs',
    match: `/operation/record?operation_id=${RECORDED_OPERATION_ID}`,
    mode: 'status',
    status: 200,
    body: recordedOperation,
    times: Number.POSITIVE_INFINITY,
  },
  {
    service: 'bcs',
    match: '/operation/record?',
    mode: 'status',
    status: 200,
    body: '{"count":0,"operation_records":[]}',
    times: Number.POSITIVE_INFINITY,
  },
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
