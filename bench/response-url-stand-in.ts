/**
 * Slack's `response_url` on loopback, for the Slack worker and its floor: it takes every
 * message posted (200 "ok") and counts those that report a success, so that a run can tell
 * that each operation was run and its outcome delivered.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How a success is reported to Slack (lib/callers/slack/replies.ts, outcomeMessage). */
const SUCCESS = ':white_check_mark:';

/**
 * Starts the stand-in on 127.0.0.1 (any free port); `url(id)` is a `response_url` on it.
 *
 * @example
 * ```ts
 * const slack = await startResponseUrlStandIn();
 * const payload = { ..., response_url: slack.url('bench-1') };
 * ```
 */
export const startResponseUrlStandIn = async () => {
  /** The messages that did not report a success. */
  const failures: string[] = [];
  let succeeded = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let text: unknown;
    try {
      text = (JSON.parse(body) as { text?: unknown }).text;
    } catch {
      text = undefined;
    }
    if (req.method === 'POST' && typeof text === 'string' && text.startsWith(SUCCESS)) {
      succeeded += 1;
    } else {
      failures.push(`[response_url] ${body.slice(0, 300)}`);
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    /** The host to allow (`SLACK_RESPONSE_URL_HOSTS`). */
    host: '127.0.0.1',
    url: (id: string) => `http://127.0.0.1:${port}/commands/T0TEAM01/${id}/bench`,
    failures,
    /** Messages posted that reported a success, so far. */
    succeeded: () => succeeded,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
