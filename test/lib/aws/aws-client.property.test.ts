/**
 * How the client reads any answer. Each run gets a real `Response` from an in-process fetch:
 * hundreds of runs through a socket would only time the socket (aws-client.test.ts sends real
 * requests to a local server).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AwsCall, createAwsClient } from '../../../lib/aws/aws-client.ts';
import { readAwsConfig } from '../../../lib/aws/aws-config.ts';
import { AwsError } from '../../../lib/aws/aws-error.ts';
import { TEST_AWS_ENV } from '../../helpers/aws-test-client.ts';

const getItem: AwsCall = {
  service: 'dynamodb',
  operation: 'DynamoDB_20120810.GetItem',
  body: '{}',
};

/** A client whose every attempt is answered `status`, `text` and `headers`; it never waits. */
const answering = (status: number, text: string, headers: Record<string, string> = {}) =>
  createAwsClient({
    config: readAwsConfig({ ...TEST_AWS_ENV, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' }),
    fetch: async () => new Response(text, { status, headers }),
    sleep: async () => {},
  });

/** What the call came to: its answer, or the error it threw. */
const outcome = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    (answer) => ({ answer }),
    (error: unknown) => error,
  );

/** Any text, JSON among it. */
const anyText = fc.oneof(
  fc.string(),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.constant(''),
);
/** Header values fetch's Headers accepts. */
const headerValue = fc.string().map((text) => text.replace(/[^\t\x20-\x7e]/g, '').trim());
/** Error statuses a Response can have a body with. */
const errorStatus = fc.integer({ min: 300, max: 599 }).filter((status) => status !== 304);

describe('createAwsClient: reading answers (properties)', () => {
  it('throws an AwsError for any error answer, named, with its status and what it means', async () => {
    await fc.assert(
      fc.asyncProperty(
        errorStatus,
        anyText,
        fc.dictionary(fc.constantFrom('x-amzn-errortype', 'x-amzn-requestid'), headerValue),
        async (status, text, headers) => {
          // Act
          const error = await outcome(
            answering(status, text, headers).call(getItem, AbortSignal.timeout(5000)),
          );

          // Assess
          expect(error).toBeInstanceOf(AwsError);
          expect(error).toMatchObject({
            status,
            sent: status < 500 ? 'answered' : 'maybe',
            service: 'dynamodb',
            call: 'GetItem',
          });
          expect((error as AwsError).name).toMatch(/^(HTTP \d{3}|[^#,:]+)$/);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('answers a 2xx JSON value (an empty body as {}), and fails any other 2xx as HTTP <status>', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(200, 201, 202), anyText, async (status, text) => {
        // Act
        const result = await outcome(
          answering(status, text).call(getItem, AbortSignal.timeout(5000)),
        );

        // Assess
        let parsed: unknown;
        try {
          parsed = JSON.parse(text || '{}');
        } catch {}
        if (parsed) {
          expect(result).toEqual({ answer: parsed });
        } else {
          expect(result).toBeInstanceOf(AwsError);
          expect(result).toMatchObject({ name: `HTTP ${status}`, status, sent: 'maybe' });
        }
      }),
      { numRuns: 200 },
    );
  });
});
