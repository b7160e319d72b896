/**
 * scripts/event-sample.ts as a user runs it, against `npm start`'s simulator and local gateway
 * started in this process.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closedPort } from '../helpers/closed-port.ts';
import { type LocalStack, runScript, startLocalStack } from '../helpers/local-stack.ts';
import { takeLogs } from '../helpers/log-capture.ts';

const SCRIPT = 'scripts/event-sample.ts';
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(async () => {
  await stack.stop();
});
beforeEach(() => {
  stack.sim.reset();
  takeLogs();
});

const sample = (...args: string[]) => runScript(SCRIPT, ['--gateway', stack.url, ...args]);

describe('event-sample', () => {
  it('prints the outcome event the EventBridge function published for its correlation id', async () => {
    // Prepare
    const args = ['eventbridge', 'remove-channel-orgs', '{"org_names":["org3"]}'];

    // Act
    const { code, stdout } = await sample(...args, '--correlation-id', 'offboarding-eb-1');

    // Assess
    expect(code).toBe(0);
    const [answered, outcome, ...rest] = stdout.trim().split('\n');
    expect(answered).toBe('eventbridge-offboard answered 200: null');
    expect(outcome).toMatch(
      /^offboarding-eb-1: published BCS Offboarding Succeeded \{"trigger":"eventbridge","correlation_id":"offboarding-eb-1","result":"succeeded","operation":"remove-channel-orgs","status":200,"operation_id":"BCSSVC01-06-\d{19}"/,
    );
    expect(rest).toEqual([]);
  });

  it('prints the outcome of each SQS message, and the malformed one moved to the dead-letter queue', async () => {
    // Prepare
    const args = ['sqs', 'remove-channel-orgs', '{"org_names":["org3"]}', '--malformed'];

    // Act
    const { code, stdout } = await sample(...args, '--correlation-id', 'offboarding-sqs-1');

    // Assess
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('sqs-offboard answered 200: {"batchItemFailures":[]}');
    expect(lines).toContainEqual(
      expect.stringMatching(/^offboarding-sqs-1: published BCS Offboarding Succeeded /),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^[\w-]{36}: moved to the dead-letter queue \(BCSGW\.4000002: The message body is not valid JSON\), its body unchanged: \{"operation": "quit-consortium",/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^[\w-]{36}: published BCS Offboarding Failed /),
    );
    expect(lines).toHaveLength(4);
  });

  it('says that nothing was published for a duplicate, rather than showing the first run again', async () => {
    // Prepare
    const args = ['eventbridge', 'remove-channel-orgs', '{"org_names":["organization"]}'];
    await sample(...args, '--correlation-id', 'offboarding-twice');

    // Act
    const { code, stdout } = await sample(...args, '--correlation-id', 'offboarding-twice');

    // Assess
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual([
      'eventbridge-offboard answered 200: null',
      "offboarding-twice: nothing published: a duplicate of a request already run is only logged (npm start's output says why)",
    ]);
    expect(stack.sim.operations()).toHaveLength(1);
  });
});

describe('event-sample, misused', () => {
  it('prints its usage for --help, and exits 0', async () => {
    // Act
    const { code, stdout, stderr } = await runScript(SCRIPT, ['--help']);

    // Assess
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: npx node scripts\/event-sample\.ts /);
    expect(stderr).toBe('');
  });

  it.each([
    [
      'a body that is not JSON',
      ['sqs', 'remove-channel-orgs', "{org_names:['org3']}"],
      /^event-sample: the body is not JSON \(/,
    ],
    ['an unknown option', ['--verbose', 'sqs'], /^event-sample: Unknown option '--verbose'/],
    [
      'an unknown trigger',
      ['kafka', 'remove-channel-orgs', '{}'],
      /^event-sample: the trigger must be eventbridge or sqs, not kafka/,
    ],
    [
      'no body',
      ['sqs', 'remove-channel-orgs'],
      /^event-sample: give the body as one JSON argument/,
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
    const { code, stderr } = await runScript(SCRIPT, [
      '--gateway',
      gateway,
      'sqs',
      'remove-channel-orgs',
      '{"org_names":["org3"]}',
    ]);

    // Assess
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      `event-sample: cannot reach the local gateway at ${gateway} (ECONNREFUSED): is npm start running?`,
    );
  });
});
