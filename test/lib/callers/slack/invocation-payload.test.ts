/**
 * The check every payload the command hands a function goes through (`refuseMalformed`): the
 * worker's and the status function's own fields first, then who asked and where to answer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refuseMalformed } from '../../../../lib/callers/slack/invocation-payload.ts';
import { GatewayError } from '../../../../lib/errors/gateway-error.ts';

const origin = {
  response_url: 'https://hooks.slack.com/commands/T1/1/x',
  user_id: 'U0ALLOWED1',
  team_id: 'T0TEAM01',
  correlation_id: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
};

/** The message `refuseMalformed` throws, or undefined when it takes the payload. */
const refusalOf = (payload: Record<string, unknown>, own: Record<string, boolean> = {}) => {
  try {
    refuseMalformed(payload, own);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ errorCode: 'BCSGW.4000001', statusCode: 400 });
    return (error as Error).message;
  }
};

describe('refuseMalformed', () => {
  it('takes a payload whose every field is usable', () => {
    // Act
    const refusal = refusalOf(origin, { operation: true });

    // Assess
    expect(refusal).toBeUndefined();
  });

  it("names every field that fails, the kind's own first, in order", () => {
    // Prepare
    const payload = { response_url: 7, user_id: 'u1', team_id: 'T1' };

    // Act
    const refusal = refusalOf(payload, { operation: false, input: true, size: false });

    // Assess
    expect(refusal).toBe(
      'Invalid request: operation, size, response_url, user_id, correlation_id: missing or malformed',
    );
  });

  it('takes a response_url of 2,000 characters, not 2,001 (the host is checked later)', () => {
    // Prepare
    const at = (length: number) => ({ ...origin, response_url: 'x'.repeat(length) });

    // Act
    const refusals = [refusalOf(at(2000)), refusalOf(at(2001)), refusalOf(at(0))];

    // Assess
    expect(refusals).toEqual([
      undefined,
      'Invalid request: response_url: missing or malformed',
      undefined,
    ]);
  });

  it.each([
    ['a list holding an id', ['U1']],
    ['lower case', 'u1'],
    ['an id of 33 characters', `U${'1'.repeat(32)}`],
    ['an empty id', ''],
    ['a mention', '<@U1>'],
    ['an id followed by a line', 'U1\nU2'],
  ])('refuses %s as user_id and team_id', (_, value) => {
    // Act
    const refusal = refusalOf({ ...origin, user_id: value, team_id: value });

    // Assess
    expect(refusal).toBe('Invalid request: user_id, team_id: missing or malformed');
  });

  it.each([
    ['a list holding an id', ['c1']],
    ['an id of 101 characters', 'c'.repeat(101)],
    ['an empty id', ''],
    ['a space', 'c 1'],
    ['a slash', 'c/1'],
    ['an id followed by a line', 'c1\nc2'],
  ])('refuses %s as correlation_id', (_, value) => {
    // Act
    const refusal = refusalOf({ ...origin, correlation_id: value });

    // Assess
    expect(refusal).toBe('Invalid request: correlation_id: missing or malformed');
  });

  it('takes a local correlation id of 100 word characters, dots and dashes', () => {
    // Act
    const refusal = refusalOf({ ...origin, correlation_id: `local.run-${'a_1'.repeat(30)}` });

    // Assess
    expect(refusal).toBeUndefined();
  });

  it('takes any Slack id and any correlation id of up to 100 of [A-Za-z0-9_.-] (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z0-9]{1,32}$/),
        fc.stringMatching(/^[A-Za-z0-9_.-]{1,100}$/),
        (slackId, correlationId) => {
          // Act
          const refusal = refusalOf({
            ...origin,
            user_id: slackId,
            team_id: slackId,
            correlation_id: correlationId,
          });

          // Assess
          expect(refusal).toBeUndefined();
        },
      ),
    );
  });

  it('refuses any user or team id holding a character outside [A-Z0-9] (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 10 }),
        fc.string({ minLength: 1, maxLength: 1 }).filter((c) => !/[A-Z0-9]/.test(c)),
        fc.string({ maxLength: 10 }),
        (before, odd, after) => {
          // Prepare
          const id = `${before}${odd}${after}`;

          // Act
          const refusal = refusalOf({ ...origin, user_id: id, team_id: id });

          // Assess
          expect(refusal).toBe('Invalid request: user_id, team_id: missing or malformed');
        },
      ),
    );
  });
});
