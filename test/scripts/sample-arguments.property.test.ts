import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as eventSample from '../../scripts/event-sample.ts';
import * as slackSample from '../../scripts/slack-sample.ts';

/** Command-line words: options the scripts know or not, with or without values, and anything. */
const argv = () =>
  fc.array(
    fc.oneof(
      fc.constantFrom(
        '--help',
        '-h',
        '--gateway',
        '--malformed',
        '--correlation-id',
        '--response-url',
        '--user',
        '--team',
        '--secret',
        '--verbose',
        '--',
        'eventbridge',
        'sqs',
        'quit-consortium',
        'remove-channel-orgs',
        '{"org_names":["org3"]}',
        '{org_names:[',
      ),
      fc.string(),
    ),
    { maxLength: 8 },
  );

describe.each([
  ['event-sample', eventSample.readArguments, eventSample.UsageError],
  ['slack-sample', slackSample.readArguments, slackSample.UsageError],
] as const)('%s: reading its command line', (_, readArguments, UsageError) => {
  it('gives help, a request, or a UsageError, and nothing else, whatever it is given', () => {
    fc.assert(
      fc.property(argv(), (words) => {
        // Act
        let outcome: unknown;
        try {
          outcome = readArguments(words, {});
        } catch (error) {
          outcome = error;
        }

        // Assess
        if (outcome instanceof Error) expect(outcome).toBeInstanceOf(UsageError);
        else expect(outcome === 'help' || typeof outcome === 'object').toBe(true);
      }),
    );
  });
});

describe('event-sample: reading its command line', () => {
  it('sends any JSON body as it is, and refuses any text that is not JSON', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (bodyText) => {
        // Prepare
        let json: { value: unknown } | undefined;
        try {
          json = { value: JSON.parse(bodyText) };
        } catch {
          json = undefined;
        }

        // Act (after `--`, a body may start with a dash)
        const read = () =>
          eventSample.readArguments(['sqs', 'quit-consortium', '--', bodyText], {});

        // Assess
        if (json) expect(read()).toMatchObject({ body: json.value });
        else expect(read).toThrow(/^the body is not JSON/);
      }),
    );
  });
});
