/**
 * The tracker's own store, as deployed: the idempotency table of its configuration, reached
 * through the container's AWS client (a scripted server on loopback plays DynamoDB). Each test
 * imports the modules afresh (`vi.resetModules`), as a new Lambda container would load them.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { configFrom } from '../../../lib/config/config.ts';
import type { TrackingJob } from '../../../lib/tracking/tracking-job.ts';
import { sqsEvent, sqsRecord } from '../../helpers/aws-events.ts';
import { TEST_AWS_ENV } from '../../helpers/aws-test-client.ts';
import { lambdaContext } from '../../helpers/lambda-context.ts';
import { takeLogs } from '../../helpers/log-capture.ts';
import {
  jsonReply,
  type ScriptedServer,
  startScriptedServer,
} from '../../helpers/scripted-server.ts';

const NOW = Date.parse('2026-11-23T09:00:00Z');
const job: TrackingJob = {
  operation: 'quit-consortium',
  operation_id: 'BCSSVC01-03-1795425791587000179',
  project_id: '0f5c2e8a91d34b6c8e7fa2b1c9d04e36',
  correlation_id: 'wf-7',
  trigger: 'sqs',
  accepted_at: NOW - 60_000,
  attempt: 1,
};
const finished = `{"count":1,"operation_records":[{"operation_id":"${job.operation_id}","operation_status":"finished","message":[]}]}`;

let dynamoDb: ScriptedServer;

beforeAll(async () => {
  dynamoDb = await startScriptedServer(() => jsonReply(200, {}));
});
afterAll(async () => {
  await dynamoDb.stop();
});
beforeEach(() => {
  dynamoDb.requests.length = 0;
  takeLogs();
  for (const [name, value] of Object.entries(TEST_AWS_ENV)) vi.stubEnv(name, value);
  vi.stubEnv('AWS_ENDPOINT_URL', dynamoDb.url);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** `trackerHandler` as a new container loads it. */
const freshTrackerHandler = async () => {
  vi.resetModules();
  const module = await import('../../../lib/callers/operation-tracker.ts');
  return module.trackerHandler;
};

describe('trackerHandler, with its own store', () => {
  it("claims each step in the configuration's idempotency table, through the container's AWS client", async () => {
    // Prepare
    const trackerHandler = await freshTrackerHandler();
    const config = configFrom({
      TRACKING_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/tracking',
      IDEMPOTENCY_TABLE_NAME: 'bcs-offboard-tracker-table',
    });
    const ends: TrackingJob[] = [];
    const handler = trackerHandler({
      config: () => config,
      readOperationRecords: async () => ({ status: 200, body: finished }),
      publishEnd: async (ended) => {
        ends.push(ended);
      },
      queueNextLookUp: async () => undefined,
      now: () => NOW,
    });

    // Act: two invocations of the same container
    const responses = [
      await handler(sqsEvent(sqsRecord(job)), lambdaContext()),
      await handler(sqsEvent(sqsRecord({ ...job, attempt: 2 })), lambdaContext()),
    ];

    // Assess
    expect(responses).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(ends).toHaveLength(2);
    expect(dynamoDb.requests.length).toBeGreaterThan(0);
    for (const request of dynamoDb.requests) {
      expect(request.headers['x-amz-target']).toMatch(/^DynamoDB_20120810\./);
      expect(JSON.parse(request.body)).toMatchObject({ TableName: 'bcs-offboard-tracker-table' });
    }
  });
});
