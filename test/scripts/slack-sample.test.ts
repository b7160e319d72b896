/**
 * scripts/slack-sample.ts as a user runs it, against `npm start`'s simulator and local gateway
 * started in this process (the Slack command, its worker through the gateway's Lambda Invoke).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultSeed } from '../../simulator/seed.ts';
import { closedPort } from '../helpers/closed-port.ts';
import { type LocalStack, runScript, startLocalStack } from '../helpers/local-stack.ts';
import { takeLogs } from '../helpers/log-capture.ts';
import { type ResponseSink, startResponseSink } from '../helpers/slack.ts';

const SCRIPT = 'scripts/slack-sample.ts';
const { demo } = defaultSeed;
let stack: LocalStack;
let sink: ResponseSink;

beforeAll(async () => {
  [stack, sink] = await Promise.all([startLocalStack(), startResponseSink()]);
});
afterAll(async () => {
  await Promise.all([stack.stop(), sink.stop()]);
});
beforeEach(() => {
  stack.sim.reset();
  sink.clear();
  takeLogs();
});

const sample = (...args: string[]) => runScript(SCRIPT, ['--gateway', stack.url, ...args]);

describe('slack-sample', () => {
  it('listens for the outcome itself when no --response-url is given, and prints it', async () => {
    // Prepare
    const text = 'remove-orgs channel=channel orgs=org3';

    // Act
    const { code, stdout } = await sample(text);

    // Assess
    expect(code).toBe(0);
    const [operation] = stack.sim.operations();
    expect(stdout).toMatch(/^HTTP 200\nWorking on it… remove `org3` from channel `channel`/);
    expect(stdout).toMatch(
      /\nWaiting for the outcome at http:\/\/127\.0\.0\.1:\d+\/commands\/T0LOCAL\/1\/sample /,
    );
    expect(stdout.trim().split('\n').at(-1)).toBe(
      `[response_url, in_channel] :white_check_mark: <@U0LOCALOPS> asked to remove \`org3\` from ` +
        `channel \`channel\` of BCS instance \`${demo.blockchainId}\` (project \`${demo.projectId}\`): ` +
        `BCS accepted it, operation id \`${operation?.operation_id}\` (its progress is in BCS ` +
        `operation records). _(request \`${stdout.match(/request `([^`]+)`/)?.[1]}\`)_`,
    );
  });

  it('waits for nothing when the answer is all there is (help, a dry run)', async () => {
    // Prepare
    const text = 'remove-orgs channel=channel orgs=org3 dry-run';

    // Act
    const { code, stdout } = await sample(text);

    // Assess
    expect(code).toBe(0);
    expect(stdout).toMatch(/^HTTP 200\n\*Dry run\*: nothing was sent/);
    expect(stdout).not.toContain('Waiting for the outcome');
    expect(stack.sim.requests).toHaveLength(0);
  });

  it('leaves the outcome to the --response-url given', async () => {
    // Prepare
    const args = ['--response-url', sink.url, 'remove-orgs channel=channel orgs=organization2'];

    // Act
    const { code, stdout } = await sample(...args);
    await stack.settled();

    // Assess
    expect(code).toBe(0);
    expect(stdout).not.toContain('Waiting for the outcome');
    expect(sink.posts).toHaveLength(1);
    expect(sink.posts[0]?.message.text).toMatch(/operation id `BCSSVC01-06-\d{19}`/);
  });
});

describe('slack-sample, misused', () => {
  it('prints its usage for --help, and exits 0', async () => {
    // Act
    const { code, stdout, stderr } = await runScript(SCRIPT, ['--help']);

    // Assess
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: npx node scripts\/slack-sample\.ts /);
    expect(stderr).toBe('');
  });

  it.each([
    ['an unknown option', ['--verbose', 'help'], /^slack-sample: Unknown option '--verbose'/],
    [
      'an option without its value',
      ['help', '--user'],
      /^slack-sample: Option '--user <value>' argument missing/,
    ],
  ])('refuses %s in one line and its usage, no stack trace, exit 2', async (_, args, said) => {
    // Act
    const { code, stdout, stderr } = await runScript(SCRIPT, args);

    // Assess
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const [first, usage, ...rest] = stderr.trim().split('\n');
    expect(first).toMatch(said);
    expect(usage).toMatch(/^usage: /);
    expect(rest).toEqual([]);
  });

  it('says in one line that the gateway cannot be reached, and exits 1', async () => {
    // Prepare
    const gateway = `http://127.0.0.1:${await closedPort()}`;

    // Act
    const { code, stderr } = await runScript(SCRIPT, ['--gateway', gateway, 'help']);

    // Assess
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      `slack-sample: cannot reach the local gateway at ${gateway} (ECONNREFUSED): is npm start running?`,
    );
  });
});
