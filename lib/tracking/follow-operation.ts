import type { postToResponseUrl } from '../callers/slack/response-url.ts';
import type { Claim, IdempotencyStore } from '../idempotency/idempotency-store.ts';
import type { Logger } from '../logging/log.ts';
import type { Outcome } from '../pipeline/outcome.ts';
import { nextDelaySeconds } from './backoff.ts';
import { type OperationProgress, readOperationProgress } from './operation-end.ts';
import type { EndPublisher, OperationEnd } from './publish-end.ts';
import type { LookUpQueuer } from './queue-next-look-up.ts';
import type { OperationRecordsReader } from './read-operation-records.ts';
import { postEndToSlack } from './slack-end-post.ts';
import type { TrackingJob } from './tracking-job.ts';

/** What the tracker works with; every one has a deployed default in `trackerHandler`. */
export interface TrackerParts {
  /** Where each look-up and each end is claimed (the tracker's table: required). */
  store: IdempotencyStore;
  readOperationRecords: OperationRecordsReader;
  publishEnd: EndPublisher;
  queueNextLookUp: LookUpQueuer;
  /** How long an operation is followed, from its acceptance (`TRACKING_MAX_AGE_SECONDS`). */
  maxAgeMs: number;
  /** Hosts a Slack `response_url` may point at (`SLACK_RESPONSE_URL_HOSTS`). */
  responseUrlHosts: ReadonlySet<string>;
  /** Epoch milliseconds. */
  now: () => number;
  post: typeof postToResponseUrl;
}

/** The bounds of one delivery: its deadline, and what must still happen after it fired. */
export interface DeliveryBounds {
  /** Bounds the claims, the look-up and the sends. */
  signal: AbortSignal;
  /** Bounds remembering or releasing a claim, which must happen even after `signal` fired. */
  recordSignal: AbortSignal;
  /** The invocation's end (epoch milliseconds): a claim is "in progress" until then. */
  inProgressUntil: number;
  /** Carries the delivery's ids (request and message); the job's fields are added here. */
  log: Logger;
}

/** `done`: the message is handled (Lambda deletes it); `retry`: SQS delivers it again. */
export type Delivery = 'done' | 'retry';

/** The record that says look-up `attempt` of an operation was handled. */
export const stepKey = (job: TrackingJob): string => `track:${job.operation_id}:${job.attempt}`;
/** The record that says the end of an operation was published. */
export const endKey = (job: TrackingJob): string => `track-end:${job.operation_id}`;

/**
 * Handles one tracking message: looks the operation up once in ListOpRecord and then either
 * publishes its end (BCS reports `finished`, `failed` or `stop`, or the maximum age has
 * passed) or queues the next look-up with a bounded delay (`nextDelaySeconds`). Nothing here
 * waits for the operation: the queue's delayed message is the wait.
 *
 * Duplicates: each look-up claims `track:<operation_id>:<attempt>` in the idempotency table
 * first, so that a redelivered message starts no second chain of look-ups; the end claims
 * `track-end:<operation_id>`, so that it is published once whatever delivered it. A look-up
 * that fails (no answer, an error status, a body that is no ListOpRecord answer) counts as
 * "not known yet", as does `count: 0`: never as failed.
 *
 * @example
 * ```ts
 * const delivery = await followOperation(readTrackingJob(record.body), parts, bounds);
 * if (delivery === 'retry') failures.push(record.messageId);
 * ```
 */
export const followOperation = async (
  job: TrackingJob,
  parts: TrackerParts,
  bounds: DeliveryBounds,
): Promise<Delivery> => {
  const { store, maxAgeMs, now } = parts;
  // Every field of the job but Slack's response_url, which works as a password.
  const { response_url: _url, ...fields } = job;
  const log = bounds.log.child(fields);
  const claimed = await claimOnce(store, stepKey(job), job, bounds, log);
  if (claimed === 'done' || claimed === 'retry') return claimed;

  const progress = await lookUp(job, parts, bounds.signal, log);
  const at = now();
  const maxAgeEndsAt = job.accepted_at + maxAgeMs;
  const seen = progress?.state === 'running' ? progress.status : progress?.state;
  let end: OperationEnd | undefined;
  if (progress?.state === 'ended') {
    end = { operation_status: progress.status, ended_by: 'bcs', messages: progress.messages };
  } else if (at >= maxAgeEndsAt) {
    end = { operation_status: 'unknown', ended_by: 'max-age', messages: [] };
    log.log('warn', 'maximum age reached; tracking stopped', {
      last_status: seen,
      max_age_seconds: maxAgeMs / 1000,
    });
  }

  let delivery: Delivery;
  if (end !== undefined) {
    delivery = await publishOnce(job, end, parts, bounds, log);
  } else {
    const delay = nextDelaySeconds(job.attempt, at, maxAgeEndsAt);
    try {
      await parts.queueNextLookUp(job, delay, bounds.signal);
      log.log('info', 'operation not ended; next look-up queued', {
        operation_status: seen,
        delay_seconds: delay,
      });
      delivery = 'done';
    } catch (error) {
      log.log('error', 'next look-up not queued; message retried', { error });
      delivery = 'retry';
    }
  }
  await settle(store, claimed, delivery, job, bounds.recordSignal, log);
  return delivery;
};

/** Looks the operation up once; `undefined` when BCS gave no usable answer (logged). */
const lookUp = async (
  job: TrackingJob,
  { readOperationRecords }: TrackerParts,
  signal: AbortSignal,
  log: Logger,
): Promise<OperationProgress | undefined> => {
  let answer: { status: number; body: string } | undefined;
  let error: unknown;
  try {
    answer = await readOperationRecords(job.project_id, job.operation_id, signal);
  } catch (thrown) {
    error = thrown;
  }
  const { status = 0, body = '' } = answer ?? {};
  const progress =
    status > 199 && status < 300 ? readOperationProgress(body, job.operation_id) : undefined;
  if (!progress) {
    log.log('warn', 'operation records not read', {
      status,
      body: body.slice(0, 300),
      error,
    });
  }
  return progress;
};

/** Publishes the end unless another delivery has: claims it, publishes, posts to Slack. */
const publishOnce = async (
  job: TrackingJob,
  end: OperationEnd,
  parts: TrackerParts,
  bounds: DeliveryBounds,
  log: Logger,
): Promise<Delivery> => {
  const { store, now } = parts;
  const claimed = await claimOnce(store, endKey(job), job, bounds, log, 'end');
  if (claimed === 'done' || claimed === 'retry') return claimed;
  const at = now();
  try {
    await parts.publishEnd(job, end, at, bounds.signal);
  } catch (error) {
    log.log('error', 'end event not published; message retried', { ...end, error });
    // Stryker disable next-line StringLiteral: settle treats every delivery but 'done' as a retry.
    await settle(store, claimed, 'retry', job, bounds.recordSignal, log);
    return 'retry';
  }
  log.log(end.operation_status === 'finished' ? 'info' : 'warn', 'operation ended', {
    ...end,
  });
  if (job.trigger === 'slack') {
    const post = await postEndToSlack(job, end, {
      now: at,
      hosts: parts.responseUrlHosts,
      post: parts.post,
    });
    // Not posted: the end is in the line above and on the bus; the channel can still ask `status`.
    const { posted, ...why } = post;
    log.log(
      post.posted || post.reason === 'expired' ? 'info' : 'warn',
      `operation end ${posted ? '' : 'not '}posted to Slack`,
      { ...end, ...why },
    );
  }
  await settle(store, claimed, 'done', job, bounds.recordSignal, log);
  return 'done';
};

/**
 * (The table's records live on the real clock, as the store's other users keep them; the
 * injected clock of {@link TrackerParts} counts the operation's age and Slack's window.)
 *
 * Claims `key`: the claim to settle later, `undefined` to go on without one (a delivery that
 * stopped midway holds it: going on may look up once more than needed, never lose the chain),
 * or what to do with the message when another delivery has it.
 */
const claimOnce = async (
  store: IdempotencyStore,
  key: string,
  job: TrackingJob,
  { signal, inProgressUntil }: DeliveryBounds,
  log: Logger,
  what: 'step' | 'end' = 'step',
): Promise<Claim | undefined | Delivery> => {
  let result: Awaited<ReturnType<IdempotencyStore['claim']>>;
  try {
    result = await store.claim(
      key,
      { correlationId: job.correlation_id, now: Date.now(), inProgressUntil },
      signal,
    );
  } catch (error) {
    log.log('error', 'idempotency store unavailable; message retried', {
      idempotency_key: key,
      error,
    });
    return 'retry';
  }
  if (result.claimed) return result.claim;
  const { record } = result;
  if (record.status === 'COMPLETED') {
    log.log('info', `duplicate tracking ${what}; nothing done again`, { idempotency_key: key });
    return 'done';
  }
  if (record.inProgressUntil > Date.now()) return 'retry';
  if (what === 'end') {
    // Published or not, nobody can tell: publishing again could make two end events.
    log.log('error', 'interrupted delivery held this end; not published again', {
      idempotency_key: key,
    });
    return 'done';
  }
  log.log('warn', 'interrupted delivery held this look-up; looking up again', {
    idempotency_key: key,
  });
  return undefined;
};

/** Remembers a claim whose work is done, forgets one whose message is retried; logs failures. */
const settle = async (
  store: IdempotencyStore,
  claim: Claim | undefined,
  delivery: Delivery,
  job: TrackingJob,
  signal: AbortSignal,
  log: Logger,
): Promise<void> => {
  if (claim === undefined) return;
  const done: Outcome = {
    result: 'succeeded',
    operation: job.operation,
    status: 200,
    operation_id: job.operation_id,
    project_id: job.project_id,
  };
  try {
    if (delivery === 'done') await store.complete(claim, done, Date.now(), signal);
    else await store.release(claim, signal);
  } catch (error) {
    log.log('error', 'tracking record not updated', {
      idempotency_key: claim.key,
      record: delivery === 'done' ? 'not completed' : 'not released',
      error,
    });
  }
};
