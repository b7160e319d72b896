/**
 * What `npm start` prints must work when a new user pastes it, in the order printed: every
 * example's text, as rendered for the banner, is run by a shell against the pieces `npm start`
 * starts (scripts/local-demo.ts), one after the other, and each must do what it says.
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
  /** The Slack worker posts the outcome to the channel. */
  postsToChannel?: true;
  /** It is answered as a duplicate of an earlier run, without reaching BCS. */
  duplicate?: true;
}

/** Every printed example, by title, in the order printed, and what each run of it does. */
const expectedRuns: Record<string, Effect[]> = {
  'The invitee quits a consortium': [{ operations: 1 }],
  'Remove organizations from a channel': [{ operations: 1 }],
  'Slack: the grammar': [{ operations: 0 }],
  'Slack: a dry run (validates, shows the BCS request, sends nothing)': [{ operations: 0 }],
  'Slack: remove an organization': [{ operations: 1, postsToChannel: true }],
  'Slack: our instance quits a consortium': [{ operations: 1, postsToChannel: true }],
  'EventBridge: "BCS Remove Channel Orgs Requested" (run it twice: the second is a duplicate)': [
    { operations: 1 },
    { operations: 0, duplicate: true },
  ],
  'SQS: a batch of one good and one malformed message': [{ operations: 1 }],
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

  it('succeeds at every example, run as printed and in the order printed', async () => {
    for (const example of examples) {
      for (const [index, effect] of (expectedRuns[example.title] ?? []).entries()) {
        // Prepare
        const step = `${example.title}, run ${index + 1}`;
        const operationsBefore = demo.simulator.operations().length;
        const postsBefore = slackPosts.length;

        // Act
        const { stdout } = await paste(renderExample(example));
        await demo.gateway.settled();

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
        const posts = slackPosts.slice(postsBefore);
        if (effect.postsToChannel) {
          expect(posts, `${step}: the worker's post`).toEqual([
            {
              response_type: 'in_channel',
              text: expect.stringContaining(started[0]?.operation_id ?? '?'),
            },
          ]);
        } else {
          expect(posts, `${step}: posts to Slack`).toEqual([]);
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
          line.startsWith('curl -sS -X PUT http://127.0.0.1:'),
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
