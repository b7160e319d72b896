import * as ErrorCodes from '../errors/error-codes.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { isJsonObject } from '../json/json-object.ts';

/** Who asked for the operation being followed. */
export type TrackingTrigger = 'eventbridge' | 'sqs' | 'slack';

/**
 * One accepted operation to follow to its end: the canonical tracking message (the JSON body
 * of a message on the tracking queue), with `accepted_at` in epoch milliseconds.
 */
export interface TrackingJob {
  operation: 'quit-consortium' | 'remove-channel-orgs';
  operation_id: string;
  project_id: string;
  correlation_id: string;
  trigger: TrackingTrigger;
  /** When BCS accepted the operation (epoch milliseconds): the maximum age counts from it. */
  accepted_at: number;
  /** How many times the operation has been looked up, this one included (1 first). */
  attempt: number;
  /** Slack only: where the end is posted. */
  response_url?: string;
  user_id?: string;
  team_id?: string;
}

const OPERATIONS = ['quit-consortium', 'remove-channel-orgs'];
const TRIGGERS = ['eventbridge', 'sqs', 'slack'];
/** BCS's ids (`BCSSVC01-06-1624275286218943067`): a key of the table and a query value. */
const OPERATION_ID = /^[\w.-]{1,128}$/;
const PROJECT_ID = /^[\w-]{1,64}$/;
/** As the event callers take it, and a Lambda request id (the Slack command's). */
const CORRELATION_ID = /^[\w.:/@-]{1,128}$/;
const SLACK_ID = /^[A-Z0-9]{1,32}$/;
/** Far beyond any chain: a message past it was not sent by the tracker. */
export const MAX_ATTEMPT = 10_000;

/**
 * The tracking job in an SQS message body, whichever of its three shapes it comes in:
 *
 * 1. the canonical message (the tracker's own re-queued messages);
 * 2. the same from the outcome bus's rule, whose input transformer can only copy the event's
 *    `time`: `accepted_at` may then be an ISO 8601 time;
 * 3. a Lambda destination record of the Slack worker (`{ requestPayload, responsePayload: {
 *    track }, timestamp, ... }`), read by `fromDestination`.
 *
 * Anything else, or a job with a field missing or malformed, is refused with a
 * {@link GatewayError} (`BCSGW.4000001`) naming every such field. Fields it does not know are
 * ignored.
 *
 * @example
 * ```ts
 * readTrackingJob('{"requestPayload": {...}, "responsePayload": {"track": {"operation_id": "BCSSVC01-03-…"}}, ...}');
 * // { operation: 'quit-consortium', operation_id: 'BCSSVC01-03-…', trigger: 'slack', attempt: 1, ... }
 * ```
 */
export const readTrackingJob = (body: string): TrackingJob => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw invalid('the message is not JSON', error);
  }
  const job =
    isJsonObject(parsed) && 'responsePayload' in parsed ? fromDestination(parsed) : parsed;
  if (!isJsonObject(job)) throw invalid('the message holds no tracking job');
  const {
    operation,
    operation_id,
    project_id,
    correlation_id,
    trigger,
    accepted_at,
    attempt,
    response_url,
    user_id,
    team_id,
  } = job;
  const acceptedAt = epochMs(accepted_at);
  const text = (value: unknown, pattern: RegExp) =>
    typeof value === 'string' && pattern.test(value);
  const optional = (value: unknown, pattern: RegExp) => value === undefined || text(value, pattern);
  // Field by field, in the order of the job, whether it holds.
  const checks: Record<keyof TrackingJob, boolean> = {
    operation: OPERATIONS.includes(operation as string),
    operation_id: text(operation_id, OPERATION_ID),
    project_id: text(project_id, PROJECT_ID),
    correlation_id: text(correlation_id, CORRELATION_ID),
    trigger: TRIGGERS.includes(trigger as string),
    accepted_at: acceptedAt !== undefined,
    attempt:
      Number.isSafeInteger(attempt) &&
      (attempt as number) >= 1 &&
      (attempt as number) <= MAX_ATTEMPT,
    response_url:
      response_url === undefined
        ? trigger !== 'slack'
        : typeof response_url === 'string' &&
          response_url.length <= 2000 &&
          trigger !== 'eventbridge' &&
          trigger !== 'sqs',
    user_id: optional(user_id, SLACK_ID),
    team_id: optional(team_id, SLACK_ID),
  };
  const fields = Object.keys(checks) as (keyof TrackingJob)[];
  const wrong = fields.filter((field) => !checks[field]);
  if (wrong.length > 0) throw invalid(`${wrong.join(', ')}: missing or malformed`);
  // Those fields only, those set only: nothing else of the message goes on.
  return Object.fromEntries(
    fields
      .map((field) => [field, field === 'accepted_at' ? acceptedAt : job[field]])
      .filter(([, value]) => value !== undefined),
  ) as TrackingJob;
};

/**
 * The job in a Lambda destination record of the Slack worker: its result `{track}` is the
 * outcome of the run BCS accepted, naming the operation (the worker's bundle has no bytes for
 * a message of its own), and the record gives the rest: the worker's payload (`requestPayload`: operation, project, correlation id, Slack's
 * `response_url`, user and team) and the time the run ended (`timestamp`, seconds after the
 * command). Fields of `track` win.
 */
const fromDestination = ({
  requestPayload,
  responsePayload,
  timestamp,
}: Record<string, unknown>) => {
  const track = isJsonObject(responsePayload) ? responsePayload.track : undefined;
  if (!isJsonObject(track)) return undefined;
  const request = isJsonObject(requestPayload) ? requestPayload : {};
  const { operation, input, correlation_id, response_url, user_id, team_id } = request;
  const path = isJsonObject(input) && isJsonObject(input.path) ? input.path : {};
  return {
    operation,
    project_id: path.project_id,
    correlation_id,
    trigger: 'slack',
    accepted_at: timestamp,
    attempt: 1,
    response_url,
    user_id,
    team_id,
    ...track,
  };
};

/** Epoch milliseconds from a non-negative safe integer or an ISO 8601 time with its zone. */
const epochMs = (value: unknown): number | undefined => {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  }
  if (typeof value !== 'string' || !ISO_TIME.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
};

/** The shape of what EventBridge writes in an event's `time` (`2026-11-23T09:00:00Z`); `Date.parse` judges the rest. */
// Stryker disable next-line Regex: Date.parse refuses every string we found that only the anchors or a \d refuse.
const ISO_TIME = /^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)$/;

const invalid = (why: string, cause?: unknown) =>
  new GatewayError(ErrorCodes.invalidInput, `Invalid tracking message: ${why}`, { cause });
