/**
 * What the status function reads of its invocation (`readStatusPayload`): never trusted,
 * whoever may invoke it. The values' own rules (the route's) are applied later, by
 * `admitRequest`: see slack-status.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readStatusPayload } from '../../../../lib/callers/slack/status-payload.ts';
import { MAX_QUERY_VALUE_LENGTH } from '../../../../lib/schemas/list-operation-records.ts';

const payload = {
  operation_id: 'BCSSVC01-06-1624275286218943067',
  project_id: 'p1',
  response_url: 'https://hooks.slack.com/commands/T1/1/x',
  user_id: 'U123',
  team_id: 'T123',
  correlation_id: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
};

describe('readStatusPayload', () => {
  it("keeps the payload's own fields, and nothing else", () => {
    // Prepare
    const event = { ...payload, operation: 'quit-consortium', 'X-Auth-Token': 'stolen' };

    // Act
    const read = readStatusPayload(event);

    // Assess
    expect(read).toEqual(payload);
  });

  it.each([undefined, null, 'text', 42, [payload]])('refuses %j as a payload', (event) => {
    // Act
    const read = () => readStatusPayload(event);

    // Assess
    expect(read).toThrow(
      'Invalid request: operation_id, project_id, response_url, user_id, team_id, ' +
        'correlation_id: missing or malformed',
    );
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['a number', 7],
    ['a list', ['BCSSVC01-06-1']],
    [`over ${MAX_QUERY_VALUE_LENGTH} characters`, 'x'.repeat(MAX_QUERY_VALUE_LENGTH + 1)],
  ])('refuses an operation_id and a project_id %s, naming both', (_, value) => {
    // Prepare
    const event = { ...payload, operation_id: value, project_id: value };

    // Act
    const read = () => readStatusPayload(event);

    // Assess
    expect(read).toThrow(
      expect.objectContaining({
        errorCode: 'BCSGW.4000001',
        message: 'Invalid request: operation_id, project_id: missing or malformed',
      }),
    );
  });

  it(`takes an operation_id and a project_id of exactly ${MAX_QUERY_VALUE_LENGTH} characters`, () => {
    // Prepare
    const longest = 'x'.repeat(MAX_QUERY_VALUE_LENGTH);

    // Act
    const read = readStatusPayload({ ...payload, operation_id: longest, project_id: longest });

    // Assess
    expect(read).toMatchObject({ operation_id: longest, project_id: longest });
  });

  it('takes any operation_id and project_id of 1 to 256 characters as they are (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: MAX_QUERY_VALUE_LENGTH }),
        fc.string({ minLength: 1, maxLength: MAX_QUERY_VALUE_LENGTH }),
        (operationId, projectId) => {
          // Act
          const read = readStatusPayload({
            ...payload,
            operation_id: operationId,
            project_id: projectId,
          });

          // Assess
          expect(read).toEqual({ ...payload, operation_id: operationId, project_id: projectId });
        },
      ),
    );
  });
});
