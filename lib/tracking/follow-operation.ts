import type { AwsClient } from '../aws/aws-client.ts';
import { sendMessage } from '../aws/sqs.ts';
import type { postToResponseUrl } from '../callers/slack/response-url.ts';
import type { Claim, IdempotencyStore } from '../idempotency/idempotency-store.ts';
import { logLine } from '../log.ts';
import type { Outcome } from '../outcome.ts';
import { nextDelaySeconds } from './backoff.ts';
import { type OperationProgress, readOperationProgress } from './operation-end.ts';
import { type OperationEnd, publishEnd } from './publish-end.ts';
import type { OperationRecordsReader } from './read-operation-records.ts';
import { postEndToSlack } from './slack-end-post.ts';
import type { TrackerConfig } from './tracker-config.ts';
import type { TrackingJob } from './tracking-job.ts';

/** What the tracker works with; every one has a deployed default in `trackerHandler`. */
export interface TrackerDeps {
  aws: AwsClient;
  store: IdempotencyStore;
  readOperationRecords: OperationRecordsReader;
  config: TrackerConfig;
  /** Epoch milliseconds. */
  now: () => number;
  post?: typeof postToResponseUrl | undefined;
}

/** The bounds of one delivery: its deadline, and what must still happen after it fired. */
export interface DeliveryBounds {
  /** Bounds the claims, the look-up and the sends. */
  signal: AbortSignal;
  /** Bounds remembering or releasing a claim, which must happen even after `signal` fired. */
  recordSignal: AbortSignal;
  /** The invocation's end (epoch milliseconds): a claim is "in progress" until then. */
  inProgressUntil: number;
  /** Fields for every log line (request and message ids). */
  trace: Record<string, unknown>;
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
 * const delivery = await followOperation(readTrackingJob(record.body), deps, bounds);
 * if (delivery === 'retry') failures.push(record.messageId);
 * ```
 */
export const followOperation = async (
  job: TrackingJob,
  deps: TrackerDeps,
  bounds: DeliveryBounds,
): Promise<Delivery> => {
  const { store, config, now } = deps;
  // Every field of the job but Slack's response_url, which works as a password.
  const { response_url: _url, ...fields } = job;
  const trace = { ...bounds.trace, ...fields };
  const claimed = await claimOnce(store, stepKey(job), job, bounds, trace);
  if (claimed === 'done' || claimed === 'retry') return claimed;

  const progress = await lookUp(job, deps, bounds.signal, trace);
  const at = now();
  const maxAgeEndsAt = job.accepted_at + config.maxAgeMs;
  const seen = progress?.state === 'running' ? progress.status : progress?.state;
  let end: OperationEnd | undefined;
  if (progress?.state === 'ended') {
    end = { operation_status: progress.status, ended_by: 'bcs', messages: progress.messages };
  } else if (at >= maxAgeEndsAt) {
    end = { operation_status: 'unknown', ended_by: 'max-age', messages: [] };
    logLine('warn', 'maximum age reached; tracking stopped', {
      ...trace,
      last_status: seen,
      max_age_seconds: config.maxAgeMs / 1000,
    });
  }

  let delivery: Delivery;
  if (end !== undefined) {
    delivery = await publishOnce(job, end, deps, bounds, trace);
  } else {
    const delay = nextDelaySeconds(job.attempt, at, maxAgeEndsAt);
    try {
      await sendMessage(
        deps.aws,
        {
          QueueUrl: config.queueUrl,
          MessageBody: JSON.stringify({ ...job, attempt: job.attempt + 1 }),
          DelaySeconds: delay,
        },
        bounds.signal,
      );
      logLine('info', 'operation not ended; next look-up queued', {
        ...trace,
        operation_status: seen,
        delay_seconds: delay,
      });
      delivery = 'done';
    } catch (error) {
      logLine('error', 'next look-up not queued; message retried', {
        ...trace,
        error,
      });
      delivery = 'retry';
    }
  }
  await settle(store, claimed, delivery, job, bounds.recordSignal, trace);
  return delivery;
};

/** Looks the operation up once; `undefined` when BCS gave no usable answer (logged). */
const lookUp = async (
  job: TrackingJob,
  { readOperationRecords }: TrackerDeps,
  signal: AbortSignal,
  trace: Record<string, unknown>,
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
    logLine('warn', 'operation records not read', {
      ...trace,
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
  deps: TrackerDeps,
  bounds: DeliveryBounds,
  trace: Record<string, unknown>,
): Promise<Delivery> => {
  const { aws, store, config, now } = deps;
  const claimed = await claimOnce(store, endKey(job), job, bounds, trace, 'end');
  if (claimed === 'done' || claimed === 'retry') return claimed;
  const at = now();
  try {
    await publishEnd(aws, config.busName, job, end, at, bounds.signal);
  } catch (error) {
    logLine('error', 'end event not published; message retried', {
      ...trace,
      ...end,
      error,
    });
    await settle(store, claimed, 'retry', job, bounds.recordSignal, trace);
    return 'retry';
  }
  logLine(end.operation_status === 'finished' ? 'info' : 'warn', 'operation ended', {
    ...trace,
    ...end,
  });
  if (job.trigger === 'slack') {
    const post = await postEndToSlack(job, end, {
      now: at,
      hosts: config.responseUrlHosts,
      post: deps.post,
    });
    // Not posted: the end is in the line above and on the bus; the channel can still ask `status`.
    const { posted, ...why } = post;
    logLine(
      post.posted || post.reason === 'expired' ? 'info' : 'warn',
      `operation end ${posted ? '' : 'not '}posted to Slack`,
      { ...trace, ...end, ...why },
    );
  }
  await settle(store, claimed, 'done', job, bounds.recordSignal, trace);
  return 'done';
};

/**
 * (The table's records live on the real clock, as the store's other users keep them; the
 * injected clock of {@link TrackerDeps} counts the operation's age and Slack's window.)
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
  trace: Record<string, unknown>,
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
    logLine('error', 'idempotency store unavailable; message retried', {
      ...trace,
      idempotency_key: key,
      error,
    });
    return 'retry';
  }
  if (result.claimed) return result.claim;
  const { record } = result;
  if (record.status === 'COMPLETED') {
    logLine('info', `duplicate tracking ${what}; nothing done again`, {
      ...trace,
      idempotency_key: key,
    });
    return 'done';
  }
  if (record.inProgressUntil > Date.now()) return 'retry';
  if (what === 'end') {
    // Published or not, nobody can tell: publishing again could make two end events.
    logLine('error', 'interrupted delivery held this end; not published again', {
      ...trace,
      idempotency_key: key,
    });
    return 'done';
  }
  logLine('warn', 'interrupted delivery held this look-up; looking up again', {
    ...trace,
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
  trace: Record<string, unknown>,
): Promise<void> => {
  if (claim === undefined) return;
  const done: Outcome = {
    result: 'succeeded',
    operation: job.operation,
    status: 200,
    operation_id: job.operation_id,
  };
  try {
    if (delivery === 'done') await store.complete(claim, done, Date.now(), signal);
    else await store.release(claim, signal);
  } catch (error) {
    logLine('error', 'tracking record not updated', {
      ...trace,
      idempotency_key: claim.key,
      record: delivery === 'done' ? 'not completed' : 'not released',
      error,
    });
  }
};
