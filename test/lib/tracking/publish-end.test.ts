/**
 * The end event of a tracked operation as it is put on the outcome bus, sent to a scripted
 * server on loopback playing EventBridge.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configFrom } from '../../../lib/config/config.ts';
import { endPublisher } from '../../../lib/tracking/publish-end.ts';
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

describe('endPublisher', () => {
  it("puts one 'BCS Offboarding Ended' event on the outcome bus, with the job and its end", async () => {
    // Prepare
    const config = configFrom({ OUTCOME_EVENT_BUS_NAME: 'bcs-offboard-outcomes' });
    const publish = endPublisher(() => config, testAwsClient(server.url).client);
    server.enqueue(jsonReply(200, { FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] }));
    const end = { operation_status: 'failed' as const, ended_by: 'bcs' as const, messages: ['no'] };

    // Act
    await publish(job, end, Date.parse('2026-11-23T09:05:00Z'), inTime());

    // Assess
    const { Entries } = JSON.parse(server.requests[0]?.body ?? '');
    expect(server.requests[0]?.headers['x-amz-target']).toBe('AWSEvents.PutEvents');
    expect(Entries).toEqual([
      {
        EventBusName: 'bcs-offboard-outcomes',
        Source: 'bcs-offboard',
        DetailType: 'BCS Offboarding Ended',
        Detail: expect.any(String),
      },
    ]);
    expect(JSON.parse(Entries[0].Detail)).toEqual({
      operation: 'remove-channel-orgs',
      operation_id: job.operation_id,
      project_id: job.project_id,
      correlation_id: 'wf-42',
      trigger: 'eventbridge',
      operation_status: 'failed',
      ended_by: 'bcs',
      messages: ['no'],
      accepted_at: '2026-11-23T09:00:00.000Z',
      ended_at: '2026-11-23T09:05:00.000Z',
      attempts: 3,
    });
  });
});
