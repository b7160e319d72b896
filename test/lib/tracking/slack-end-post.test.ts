import { describe, expect, it } from 'vitest';
import {
  endMessage,
  postEndToSlack,
  RESPONSE_URL_LIFETIME_MS,
} from '../../../lib/tracking/slack-end-post.ts';
import type { TrackingJob } from '../../../lib/tracking/tracking-job.ts';

const ACCEPTED_AT = Date.parse('2026-11-23T09:00:00Z');
const job: TrackingJob = {
  operation: 'remove-channel-orgs',
  operation_id: 'BCSSVC01-06-1',
  project_id: 'p1',
  correlation_id: 'wf-1',
  trigger: 'slack',
  accepted_at: ACCEPTED_AT,
  attempt: 1,
  response_url: 'https://hooks.slack.com/commands/T1/2/secret',
  user_id: 'U1',
};
const finished = { operation_status: 'finished' as const, ended_by: 'bcs' as const, messages: [] };
const hosts = new Set(['hooks.slack.com']);

describe('endMessage', () => {
  it.each([
    ['finished', ':white_check_mark:', 'finished'],
    ['failed', ':x:', 'failed'],
    ['stop', ':octagonal_sign:', 'was stopped'],
    ['unknown', ':hourglass:', 'had not ended when tracking stopped (its maximum age)'],
  ] as const)('tells the channel an operation %s', (status, icon, how) => {
    // Act
    const message = endMessage(job, { operation_status: status, ended_by: 'bcs', messages: [] });

    // Assess
    expect(message).toEqual({
      response_type: 'in_channel',
      text: `${icon} <@U1>, operation \`BCSSVC01-06-1\` (remove-channel-orgs) ${how}.`,
    });
  });

  it("quotes BCS's messages one a line, escaping what Slack reads as markup, and names no one without a user", () => {
    // Prepare
    const { user_id: _user, ...anonymous } = job;

    // Act
    const { text } = endMessage(anonymous, {
      operation_status: 'failed',
      ended_by: 'bcs',
      messages: ['org <a> & <b>', 'done'],
    });

    // Assess
    expect(text).toBe(
      ':x: operation `BCSSVC01-06-1` (remove-channel-orgs) failed.\n> org &lt;a&gt; &amp; &lt;b&gt;\n> done',
    );
  });
});

describe('postEndToSlack', () => {
  it("posts the end message to the command's response_url, bounded in time", async () => {
    // Prepare
    const posts: { url: string; message: unknown; signal: AbortSignal }[] = [];
    const post = async (url: URL, message: unknown, signal: AbortSignal) => {
      posts.push({ url: url.href, message, signal });
    };

    // Act
    const result = await postEndToSlack(job, finished, {
      now: ACCEPTED_AT + RESPONSE_URL_LIFETIME_MS - 1,
      hosts,
      post,
    });

    // Assess
    expect(result).toEqual({ posted: true });
    expect(posts).toEqual([
      {
        url: job.response_url,
        message: endMessage(job, finished),
        signal: expect.any(AbortSignal),
      },
    ]);
    expect(posts[0]?.signal.aborted).toBe(false);
  });

  it('posts nothing once Slack no longer takes it, 30 minutes after the command', async () => {
    // Prepare
    const posts: unknown[] = [];

    // Act
    const result = await postEndToSlack(job, finished, {
      now: ACCEPTED_AT + RESPONSE_URL_LIFETIME_MS,
      hosts,
      post: async (url) => {
        posts.push(url);
      },
    });

    // Assess
    expect(result).toEqual({ posted: false, reason: 'expired' });
    expect(posts).toEqual([]);
  });

  it('refuses a response_url on a host it does not post to, and says why', async () => {
    // Act
    const result = await postEndToSlack(
      { ...job, response_url: 'https://evil.example/x' },
      finished,
      { now: ACCEPTED_AT, hosts, post: async () => {} },
    );

    // Assess
    expect(result).toMatchObject({ posted: false, reason: 'refused', error: expect.any(Error) });
  });

  it('says the post failed when Slack did not take it, never throwing', async () => {
    // Prepare
    const down = new Error('Slack is down');

    // Act
    const result = await postEndToSlack(job, finished, {
      now: ACCEPTED_AT,
      hosts,
      post: async () => {
        throw down;
      },
    });

    // Assess
    expect(result).toEqual({ posted: false, reason: 'failed', error: down });
  });
});
