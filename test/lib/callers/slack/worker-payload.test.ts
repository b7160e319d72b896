import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../../../lib/callers/body-limit.ts';
import { readWorkerPayload } from '../../../../lib/callers/slack/worker-payload.ts';

const payload = {
  operation: 'remove-channel-orgs',
  input: { path: { project_id: 'p1' }, body: { org_names: ['o'] }, 'X-Auth-Token': 'stolen' },
  response_url: 'https://hooks.slack.com/commands/T1/1/x',
  user_id: 'U123',
  team_id: 'T123',
  correlation_id: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
};

describe('readWorkerPayload', () => {
  it('keeps the path and body of the input, and nothing else of it', () => {
    // Prepare
    const event = payload;

    // Act
    const read = readWorkerPayload(event);

    // Assess
    expect(read.input).toEqual({ path: { project_id: 'p1' }, body: { org_names: ['o'] } });
    expect(read.operation).toBe('remove-channel-orgs');
  });

  it('names every field that is missing or malformed at once', () => {
    // Prepare
    const event: Record<string, unknown> = {
      ...payload,
      operation: 'toString',
      user_id: '<!channel>',
      input: [],
    };
    delete event.correlation_id;

    // Act
    const read = () => readWorkerPayload(event);

    // Assess
    expect(read).toThrow(
      'Invalid request: operation, input, user_id, correlation_id: missing or malformed',
    );
  });

  it.each([[['remove-channel-orgs']], [{ toString: (): string => 'quit-consortium' }]])(
    'refuses %j as an operation, even one that reads as a name',
    (operation) => {
      // Act
      const read = () => readWorkerPayload({ ...payload, operation });

      // Assess
      expect(read).toThrow('Invalid request: operation: missing or malformed');
    },
  );

  it.each([undefined, null, 'text', 42, []])('refuses %j as a payload', (event) => {
    // Prepare
    const input: unknown = event;

    // Act
    const read = () => readWorkerPayload(input);

    // Assess
    expect(read).toThrow(/^Invalid request: operation, input, response_url/);
  });

  it('refuses an input over 64 KiB as JSON with 413 BCSGW.4130001', () => {
    // Prepare
    const event = {
      ...payload,
      input: { path: { project_id: 'p1' }, body: { org_names: ['o'.repeat(MAX_BODY_BYTES)] } },
    };

    // Act
    const read = () => readWorkerPayload(event);

    // Assess
    expect(read).toThrow(
      expect.objectContaining({
        statusCode: 413,
        errorCode: 'BCSGW.4130001',
        message: `The input is over ${MAX_BODY_BYTES} bytes; at most ${MAX_BODY_BYTES} are accepted`,
      }),
    );
  });

  it('does not count what the worker drops from the input toward its size', () => {
    // Prepare
    const event = {
      ...payload,
      input: { ...payload.input, 'X-Auth-Token': 'x'.repeat(MAX_BODY_BYTES) },
    };

    // Act
    const read = readWorkerPayload(event);

    // Assess
    expect(read.input).toEqual({ path: { project_id: 'p1' }, body: { org_names: ['o'] } });
  });
});
