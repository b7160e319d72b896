/**
 * What `npm start` prints must work when a new user pastes it, in the order printed: every
 * example's text, as rendered for the banner, is run by a shell against the pieces `npm start`
 * starts (scripts/local-demo.ts), one after the other, and each must do what it says. The
 * story runs whole: each operation accepted from Slack or an event is followed by the tracker
 * (the tracking queue's delays scaled down, the simulator's operations short) to its one
 * `BCS Offboarding Ended` event and, for Slack, its post; ListOpRecord, last, says each ended.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DemoExample,
  demoExamples,
  renderExample,
  shellWord,
} from '../../scripts/demo-examples.ts';
import { ARRIVALS_PATH, type Arrival } from '../../scripts/local-aws-services.ts';
import { type LocalDemo, type SlackResponse, startLocalDemo } from '../../scripts/local-demo.ts';
import { takeLogs } from '../helpers/log-capture.ts';
import { root } from '../helpers/serverless.ts';

const run = promisify(execFile);

/** Runs a printed example as a user's shell would, with this process's Node for `npx node`. */
const paste = (printed: string) =>
  run('sh', ['-c', printed.replace(/^npx node /m, `${shellWord(process.execPath)} `)], {
    cwd: root,
    timeout: 30_000,
  });

/** What one run of an example must do. */
interface Effect {
  /** BCS operations it starts (0: it must send BCS nothing that changes anything). */
  operations: number;
  /** The Slack worker posts the outcome to the channel (and the tracker, its end). */
  postsToChannel?: true;
  /** It is answered as a duplicate of an earlier run, without reaching BCS. */
  duplicate?: true;
  /** Its operation is followed to its end: one `BCS Offboarding Ended`, `finished`. */
  ends?: true;
  /** It lists every operation started before it, each `finished`. */
  listsEnds?: true;
}

/** Every printed example, by title, in the order printed, and what each run of it does. */
const expectedRuns: Record<string, Effect[]> = {
  'The invitee quits a consortium': [{ operations: 1 }],
  'Remove organizations from a channel': [{ operations: 1 }],
  'Slack: the grammar': [{ operations: 0 }],
  'Slack: a dry run (validates, shows the BCS request, sends nothing)': [{ operations: 0 }],
  'Slack: remove an organization': [{ operations: 1, postsToChannel: true, ends: true }],
  'Slack: our instance quits a consortium': [{ operations: 1, postsToChannel: true, ends: true }],
  'EventBridge: "BCS Remove Channel Orgs Requested" (run it twice: the second is a duplicate)': [
    { operations: 1, ends: true },
    { operations: 0, duplicate: true },
  ],
  'SQS: a batch of one good and one malformed message': [{ operations: 1, ends: true }],
  "ListOpRecord: how each operation above ended (add '?operation_id=<id>' for one)": [
    { operations: 0, listsEnds: true },
  ],
};

/** The end events the gateway kept after arrival number `after`. */
const endEventsAfter = async (gatewayUrl: string, after: number) => {
  const answer = await fetch(`${gatewayUrl}${ARRIVALS_PATH}?after=${after}`);
  const { last, arrivals } = (await answer.json()) as { last: number; arrivals: Arrival[] };
  return {
    last,
    ends: arrivals.flatMap((arrival) =>
      arrival.kind === 'outcome event' && arrival.detail_type === 'BCS Offboarding Ended'
        ? [arrival.detail as { operation_id: string; operation_status: string }]
        : [],
    ),
  };
};

describe("npm start's printed examples", () => {
  const savedEnv = { ...process.env };
  const slackPosts: SlackResponse[] = [];
  let demo: LocalDemo;
  let examples: DemoExample[];

  beforeAll(async () => {
    demo = await startLocalDemo({
      port: 0,
      credentialMode: 'password',
      onSlackResponse: (message) => slackPosts.push(message),
      // Look-ups 50 times sooner than SQS's; operations that end in 0.2 s.
      delayScale: 0.02,
      operationDelaysMs: { processing: 50, finished: 200 },
    });
    examples = demoExamples({ gatewayUrl: demo.gateway.url, responseUrl: demo.responseUrl });
    takeLogs();
  });
  afterAll(async () => {
    await demo.stop();
    for (const name of Object.keys(process.env)) {
      if (!(name in savedEnv)) delete process.env[name];
    }
    Object.assign(process.env, savedEnv);
  });

  it('prints one expected example per line of the table above, in its order', () => {
    // Act
    const titles = examples.map((example) => example.title);

    // Assess
    expect(titles).toEqual(Object.keys(expectedRuns));
    expect(
      examples.map((example) => (example.caller === 'http' ? 1 : example.twice ? 2 : 1)),
    ).toEqual(Object.values(expectedRuns).map((runs) => runs.length));
  });

  it('succeeds at every example, run as printed and in the order printed, each accepted operation followed to its end', async () => {
    let arrivalsSeen = 0;
    for (const example of examples) {
      for (const [index, effect] of (expectedRuns[example.title] ?? []).entries()) {
        // Prepare
        const step = `${example.title}, run ${index + 1}`;
        const operationsBefore = demo.simulator.operations().length;
        const postsBefore = slackPosts.length;

        // Act: as a user who waits for the end of what they started.
        const { stdout } = await paste(renderExample(example));
        await demo.gateway.tracked();

        // Assess
        const started = demo.simulator.operations().slice(operationsBefore);
        expect(started, `${step}: BCS operations started\n${stdout}`).toHaveLength(
          effect.operations,
        );
        const { lines } = takeLogs();
        const bcsErrors = lines.filter((line) => String(line.error_code ?? '').startsWith('BCS.'));
        expect(bcsErrors, `${step}: errors from BCS`).toEqual([]);
        const duplicates = lines.filter(
          (line) => line.message === 'duplicate request, not run again (completed)',
        );
        expect(duplicates, `${step}: answered as a duplicate`).toHaveLength(
          effect.duplicate ? 1 : 0,
        );
        const { last, ends } = await endEventsAfter(demo.gateway.url, arrivalsSeen);
        arrivalsSeen = last;
        expect(ends, `${step}: end events`).toEqual(
          effect.ends
            ? started.map(({ operation_id }) =>
                expect.objectContaining({ operation_id, operation_status: 'finished' }),
              )
            : [],
        );
        if (effect.ends && example.caller === 'events') {
          expect(stdout, `${step}: --until-ended`).toContain('published BCS Offboarding Ended');
        }
        const posts = slackPosts.slice(postsBefore);
        const operationId = started[0]?.operation_id ?? '?';
        if (effect.postsToChannel) {
          expect(posts, `${step}: the worker's post, then the tracker's`).toEqual([
            { response_type: 'in_channel', text: expect.stringContaining(operationId) },
            {
              response_type: 'in_channel',
              text: expect.stringMatching(new RegExp(`operation \`${operationId}\`.* finished`)),
            },
          ]);
        } else {
          expect(posts, `${step}: posts to Slack`).toEqual([]);
        }
        if (effect.listsEnds) {
          const { operation_records } = JSON.parse(stdout) as {
            operation_records: { operation_id: string; operation_status: string }[];
          };
          const ids = demo.simulator.operations().map(({ operation_id }) => operation_id);
          expect(
            operation_records.map(({ operation_id, operation_status }) => [
              operation_id,
              operation_status,
            ]),
            `${step}: ListOpRecord`,
          ).toEqual(expect.arrayContaining(ids.map((id) => [id, 'finished'])));
          expect(operation_records).toHaveLength(ids.length);
        }
      }
    }
  });
});

describe('the README', () => {
  it('shows the examples as npm start prints them', () => {
    // Prepare
    const printed = new Set(
      demoExamples({
        gatewayUrl: 'http://127.0.0.1:3000',
        responseUrl: '<printed by npm start>',
      }).map((example) =>
        renderExample(example).split('\n').slice(1).join('\n').replaceAll(' \\\n  ', ' '),
      ),
    );
    const readme = readFileSync(join(root, 'README.md'), 'utf8');

    // Act
    const shown = readme
      .split('\n')
      .filter(
        (line) =>
          line.startsWith('npx node scripts/') ||
          line.startsWith('curl -sS -X PUT http://127.0.0.1:') ||
          line.startsWith('curl -sS http://127.0.0.1:'),
      );

    // Assess
    expect(shown.length).toBeGreaterThanOrEqual(4);
    for (const line of shown) expect([...printed]).toContain(line);
  });
});

describe('shellWord', () => {
  it('gives back every word as it was once a shell has read it', async () => {
    // Prepare
    const words = [
      'help',
      '{"org_names":["org4"]}',
      "it's",
      'remove-orgs channel=channel orgs=org3 dry-run',
      '$HOME `id` \\ "quoted" *',
      'two\nlines',
      '',
    ];

    // Act
    const { stdout } = await run('sh', ['-c', `printf '%s\\0' ${words.map(shellWord).join(' ')}`]);

    // Assess
    expect(stdout.split('\0').slice(0, -1)).toEqual(words);
  });
});
