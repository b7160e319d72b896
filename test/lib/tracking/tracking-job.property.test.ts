import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';
import { readTrackingJob, type TrackingJob } from '../../../lib/tracking/tracking-job.ts';

const idText = (chars: string, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...chars), minLength: 1, maxLength });
const WORD = 'abcXYZ0189_-';

/** A job as the tracker, the outcome rule or the Slack worker may write it. */
const job: fc.Arbitrary<TrackingJob> = fc
  .record({
    operation: fc.constantFrom('quit-consortium', 'remove-channel-orgs'),
    operation_id: idText(`${WORD}.`, 128),
    project_id: idText(WORD, 64),
    correlation_id: idText(`${WORD}.:/@`, 128),
    trigger: fc.constantFrom('eventbridge', 'sqs', 'slack'),
    // Whole seconds: the ISO form of the rule's `time` holds no more.
    accepted_at: fc.integer({ min: 0, max: 4_000_000_000 }).map((seconds) => seconds * 1000),
    attempt: fc.integer({ min: 1, max: 10_000 }),
    user_id: fc.option(idText('ABCZ019', 32), { nil: undefined }),
    team_id: fc.option(idText('ABCZ019', 32), { nil: undefined }),
    response_url: fc.webUrl(),
  } as const)
  .map(({ response_url, user_id, team_id, ...rest }) => ({
    ...rest,
    ...(rest.trigger === 'slack' && { response_url }),
    ...(user_id !== undefined && { user_id }),
    ...(team_id !== undefined && { team_id }),
  }));

/** Whole milliseconds as EventBridge and Lambda write times: ISO 8601, UTC. */
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The three shapes a job reaches the tracking queue in: the message, and the job it holds.
 * A destination record holds a Slack job, started by the worker, looked up once.
 */
const shapes: Record<string, (job: TrackingJob) => { message: unknown; expected: TrackingJob }> = {
  canonical: (value) => ({ message: value, expected: value }),
  'outcome rule (time as ISO 8601)': (value) => ({
    message: { ...value, accepted_at: iso(value.accepted_at).replace('.000Z', 'Z') },
    expected: value,
  }),
  'Lambda destination record of the Slack worker': (value) => {
    const expected = {
      ...value,
      trigger: 'slack' as const,
      attempt: 1,
      response_url: value.response_url ?? 'https://hooks.slack.com/commands/T1/2/3',
    };
    return {
      message: {
        version: '1.0',
        timestamp: iso(value.accepted_at),
        requestContext: { requestId: 'r', condition: 'Success', approximateInvokeCount: 1 },
        requestPayload: {
          operation: value.operation,
          input: {
            path: { project_id: value.project_id, channel_id: 'c' },
            body: { org_names: ['o'] },
          },
          response_url: expected.response_url,
          user_id: value.user_id,
          team_id: value.team_id,
          correlation_id: value.correlation_id,
        },
        responseContext: { statusCode: 200, executedVersion: '$LATEST' },
        // The worker's outcome, as it returns it.
        responsePayload: {
          track: {
            result: 'succeeded',
            operation: value.operation,
            status: 200,
            operation_id: value.operation_id,
            bcs_request_id: 'f1c2…',
          },
        },
      },
      expected,
    };
  },
};

const refusalOf = (body: string): GatewayError | undefined => {
  try {
    readTrackingJob(body);
    return undefined;
  } catch (error) {
    return error as GatewayError;
  }
};

describe('readTrackingJob', () => {
  it.each(Object.keys(shapes))('reads back the job written in the %s shape', (shape) => {
    fc.assert(
      fc.property(job, (written) => {
        // Prepare
        const { message, expected } = shapes[shape]?.(written) ?? { message: {}, expected: {} };

        // Act
        const read = readTrackingJob(JSON.stringify(message));

        // Assess
        expect(read).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses any JSON that is no job with BCSGW.4000001, and never throws anything else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (body) => {
        // Act
        const refusal = refusalOf(body);

        // Assess: fc.json() cannot make the nine fields a job needs by chance.
        expect(refusal).toBeInstanceOf(GatewayError);
        expect(refusal?.errorCode).toBe('BCSGW.4000001');
      }),
      { numRuns: 300 },
    );
  });

  const broken: [string, unknown][] = [
    ['operation', 'delete-everything'],
    ['operation_id', 'BCSSVC01-06-1 OR 1=1'],
    ['operation_id', ''],
    ['project_id', '../other'],
    ['correlation_id', 'a b'],
    ['trigger', 'http'],
    ['accepted_at', -1],
    ['accepted_at', 1.5],
    ['accepted_at', '23 Nov 2026'],
    ['accepted_at', '2026-11-23T09:00:00'],
    ['attempt', 0],
    ['attempt', 10_001],
    ['attempt', '2'],
    ['user_id', 'u-lower'],
    ['user_id', 'xU1'],
    ['user_id', 'U1x'],
    ['team_id', 7],
    ['project_id', 'p1/../p2'],
    ['accepted_at', ['2026-11-23T09:00:00Z']],
    ['response_url', ['https://hooks.slack.com/x']],
    ['response_url', `https://hooks.slack.com/${'a'.repeat(1977)}`],
  ];
  it.each(broken)('names %s when it is %j, and no other field', (field, value) => {
    fc.assert(
      fc.property(job, (written) => {
        // Prepare
        const body = JSON.stringify({ ...written, [field]: value });

        // Act
        const refusal = refusalOf(body);

        // Assess
        expect(refusal?.message).toBe(`Invalid tracking message: ${field}: missing or malformed`);
      }),
      { numRuns: 50 },
    );
  });

  it('names every field that does not hold, in the order of the job', () => {
    // Prepare
    const body = JSON.stringify({ operation: 'x', attempt: 0 });

    // Act
    const refusal = refusalOf(body);

    // Assess
    expect(refusal?.message).toBe(
      'Invalid tracking message: operation, operation_id, project_id, correlation_id, trigger, accepted_at, attempt: missing or malformed',
    );
  });

  it("says a message that is no JSON is not, with the parser's error as its cause", () => {
    // Act
    const refusal = refusalOf('{"operation_id": ');

    // Assess
    expect(refusal?.message).toBe('Invalid tracking message: the message is not JSON');
    expect(refusal?.cause).toBeInstanceOf(SyntaxError);
  });

  it('takes a Slack response_url of 2,000 characters', () => {
    fc.assert(
      fc.property(job, (written) => {
        // Prepare
        const response_url = `https://hooks.slack.com/${'a'.repeat(1976)}`;
        const body = JSON.stringify({ ...written, trigger: 'slack', response_url });

        // Act
        const read = readTrackingJob(body);

        // Assess
        expect(response_url).toHaveLength(2000);
        expect(read.response_url).toBe(response_url);
      }),
      { numRuns: 20 },
    );
  });

  it.each([
    ['no input', { operation: 'quit-consortium', correlation_id: 'c1' }],
    ['an input without a path', { operation: 'quit-consortium', input: {}, correlation_id: 'c1' }],
  ])('reads no project from a destination record whose payload has %s', (_, requestPayload) => {
    // Prepare
    const body = JSON.stringify({
      timestamp: '2026-11-23T09:00:00.000Z',
      requestPayload: { ...requestPayload, response_url: 'https://hooks.slack.com/x' },
      responsePayload: { track: { operation_id: 'BCSSVC01-06-1' } },
    });

    // Act
    const refusal = refusalOf(body);

    // Assess
    expect(refusal?.message).toBe('Invalid tracking message: project_id: missing or malformed');
  });

  it('reads no job from a destination record of a run that tracked nothing', () => {
    // Prepare: the worker returned nothing (BCS refused, or a duplicate): Lambda writes null.
    const body = JSON.stringify({
      requestPayload: { operation: 'quit-consortium' },
      responsePayload: null,
    });

    // Act
    const refusal = refusalOf(body);

    // Assess
    expect(refusal?.message).toBe('Invalid tracking message: the message holds no tracking job');
  });

  it('wants a response_url from Slack jobs only', () => {
    fc.assert(
      fc.property(job, (written) => {
        // Prepare
        const { response_url: _url, ...withoutUrl } = written;
        const body = JSON.stringify(
          written.trigger === 'slack' ? withoutUrl : { ...written, response_url: 'https://x' },
        );

        // Act
        const refusal = refusalOf(body);

        // Assess
        expect(refusal?.message).toContain('response_url');
      }),
      { numRuns: 100 },
    );
  });
});
