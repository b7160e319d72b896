/**
 * The next look-up of a tracked operation as it is queued, sent to a scripted server on
 * loopback playing SQS.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configFrom } from '../../../lib/config/config.ts';
import { lookUpQueuer } from '../../../lib/tracking/queue-next-look-up.ts';
import type { TrackingJob } from '../../../lib/tracking/tracking-job.ts';
import { testAwsClient } from '../../helpers/aws-test-client.ts';
import {
  jsonReply,
  type ScriptedServer,
  startScriptedServer,
} from '../../helpers/scripted-server.ts';

const job: TrackingJob = {
  operation: 'remove-channel-orgs',
  operation_id: 'BCSSVC01-06-1624275286218943067',
  project_id: '0f5c2e8a91d34b6c8e7fa2b1c9d04e36',
  correlation_id: 'wf-42',
  trigger: 'eventbridge',
  accepted_at: Date.parse('2026-11-23T09:00:00Z'),
  attempt: 3,
};
const inTime = () => AbortSignal.timeout(10_000);

let server: ScriptedServer;

beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  server.requests.length = 0;
});

describe('lookUpQueuer', () => {
  it('queues the job as its next look-up, held back the delay given', async () => {
    // Prepare
    const queueUrl = `${server.url}/123456789012/bcs-offboard-tracking`;
    const config = configFrom({ TRACKING_QUEUE_URL: queueUrl, IDEMPOTENCY_TABLE_NAME: 't' });
    const queue = lookUpQueuer(() => config, testAwsClient(server.url).client);
    const body = JSON.stringify({ ...job, attempt: 4 });
    server.enqueue(
      jsonReply(200, {
        MessageId: 'm1',
        MD5OfMessageBody: createHash('md5').update(body).digest('hex'),
      }),
    );

    // Act
    await queue(job, 40, inTime());

    // Assess
    expect(server.requests[0]?.headers['x-amz-target']).toBe('AmazonSQS.SendMessage');
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({
      QueueUrl: queueUrl,
      MessageBody: body,
      DelaySeconds: 40,
    });
  });
});
