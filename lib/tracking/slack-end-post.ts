import { checkResponseUrl, postToResponseUrl } from '../callers/slack/response-url.ts';
import type { OperationEnd } from './publish-end.ts';
import type { TrackingJob } from './tracking-job.ts';

/** Slack takes posts to a command's `response_url` for 30 minutes after the command. */
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;
/** …and at most five of them. */
export const RESPONSE_URL_MAX_POSTS = 5;
/** The worker's post of the operation id: the one before the end's. */
export const POSTS_BEFORE_THE_END = 1;
/** The longest a post to `response_url` may take. */
export const END_POST_TIMEOUT_MS = 5000;

/** What became of the end's post to Slack. */
export type EndPost =
  | { posted: true }
  | {
      posted: false;
      /** `expired`: Slack no longer takes it; `refused`: not a `response_url` we post to;
       * `failed`: Slack did not take it. */
      reason: 'expired' | 'refused' | 'failed';
      error?: unknown;
    };

/** How the channel is told each end: an emoji, and the words after the operation. */
const ENDS: Record<OperationEnd['operation_status'], [string, string]> = {
  finished: [':white_check_mark:', 'finished'],
  failed: [':x:', 'failed'],
  stop: [':octagonal_sign:', 'was stopped'],
  unknown: [':hourglass:', 'had not ended when tracking stopped (its maximum age)'],
};

/**
 * The message that tells the channel how an operation it started ended.
 *
 * @example
 * ```ts
 * endMessage(job, { operation_status: 'finished', ended_by: 'bcs', messages: [] }).text;
 * // ':white_check_mark: <@U1>, operation `BCSSVC01-06-…` (remove-channel-orgs) finished.'
 * ```
 */
export const endMessage = (job: TrackingJob, end: OperationEnd) => {
  const who = job.user_id ? `<@${job.user_id}>, ` : '';
  const [icon, how] = ENDS[end.operation_status];
  const messages = end.messages.map((message) => `\n> ${escapeText(message)}`).join('');
  return {
    response_type: 'in_channel' as const,
    text: `${icon} ${who}operation \`${job.operation_id}\` (${job.operation}) ${how}.${messages}`,
  };
};

/**
 * Posts an operation's end to the `response_url` of the Slack command that started it, while
 * Slack still takes it: within 30 minutes of the command (`accepted_at`, at most seconds
 * later) and within five posts (the worker made one, this is the second). Never throws: says
 * what became of the post, for the caller to log.
 *
 * @example
 * ```ts
 * const post = await postEndToSlack(job, end, { now: Date.now(), hosts: new Set(['hooks.slack.com']) });
 * ```
 */
export const postEndToSlack = async (
  job: TrackingJob,
  end: OperationEnd,
  {
    now,
    hosts,
    post = postToResponseUrl,
  }: {
    now: number;
    hosts: ReadonlySet<string>;
    post?: typeof postToResponseUrl | undefined;
  },
): Promise<EndPost> => {
  // One post only (POSTS_BEFORE_THE_END + 1 of RESPONSE_URL_MAX_POSTS): the time is the limit.
  if (now - job.accepted_at >= RESPONSE_URL_LIFETIME_MS)
    return { posted: false, reason: 'expired' };
  let url: URL;
  try {
    url = checkResponseUrl(job.response_url, hosts);
  } catch (error) {
    return { posted: false, reason: 'refused', error };
  }
  try {
    await post(url, endMessage(job, end), AbortSignal.timeout(END_POST_TIMEOUT_MS));
    return { posted: true };
  } catch (error) {
    return { posted: false, reason: 'failed', error };
  }
};

/** Slack's mrkdwn: `&`, `<` and `>` are escaped; nothing else is. */
const escapeText = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
