/**
 * Outcomes as they are put on the outcome bus, sent to a scripted server on loopback playing
 * EventBridge.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configFrom } from '../../../lib/config/config.ts';
import type { Failed, Succeeded } from '../../../lib/pipeline/outcome.ts';
import { outcomePublisher } from '../../../lib/publishing/publish-outcome.ts';
import { testAwsClient } from '../../helpers/aws-test-client.ts';
import {
  jsonReply,
  type ScriptedServer,
  startScriptedServer,
} from '../../helpers/scripted-server.ts';

const inTime = () => AbortSignal.timeout(10_000);
const accepted = () => jsonReply(200, { FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] });

const succeeded: Succeeded = {
  result: 'succeeded',
  operation: 'quit-consortium',
  status: 200,
  operation_id: 'BCSSVC01-03-1795425791587000179',
  project_id: '0f5c2e8a91d34b6c8e7fa2b1c9d04e36',
  bcs_request_id: 'r-1',
};
const failed: Failed = {
  result: 'failed',
  operation: 'remove-channel-orgs',
  status: 502,
  error_code: 'BCSGW.5020002',
  error_msg: 'BCS did not answer',
  delivery: 'may-have-applied',
};

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

/** The one entry the publisher sent, its `Detail` parsed. */
const sentEntry = () => {
  expect(server.requests).toHaveLength(1);
  expect(server.requests[0]?.headers['x-amz-target']).toBe('AWSEvents.PutEvents');
  const { Entries } = JSON.parse(server.requests[0]?.body ?? '');
  expect(Entries).toHaveLength(1);
  return { ...Entries[0], Detail: JSON.parse(Entries[0].Detail) };
};

describe('outcomePublisher', () => {
  it("puts a success as 'BCS Offboarding Succeeded' from bcs-offboard on the outcome bus, with its origin", async () => {
    // Prepare
    const config = configFrom({ OUTCOME_EVENT_BUS_NAME: 'bcs-offboard-outcomes' });
    const publish = outcomePublisher(() => config, testAwsClient(server.url).client);
    server.enqueue(accepted());

    // Act
    await publish(succeeded, { trigger: 'sqs', correlation_id: 'wf-1' }, inTime());

    // Assess
    expect(sentEntry()).toEqual({
      EventBusName: 'bcs-offboard-outcomes',
      Source: 'bcs-offboard',
      DetailType: 'BCS Offboarding Succeeded',
      Detail: {
        trigger: 'sqs',
        correlation_id: 'wf-1',
        result: 'succeeded',
        operation: 'quit-consortium',
        status: 200,
        operation_id: succeeded.operation_id,
        project_id: succeeded.project_id,
        bcs_request_id: 'r-1',
      },
    });
  });

  it("puts a failure as 'BCS Offboarding Failed' on the default bus, its delivery told as the README does", async () => {
    // Prepare
    const config = configFrom({});
    const publish = outcomePublisher(() => config, testAwsClient(server.url).client);
    server.enqueue(accepted());

    // Act
    await publish(failed, { trigger: 'eventbridge', correlation_id: 'wf-2' }, inTime());

    // Assess
    expect(sentEntry()).toEqual({
      EventBusName: 'default',
      Source: 'bcs-offboard',
      DetailType: 'BCS Offboarding Failed',
      Detail: {
        trigger: 'eventbridge',
        correlation_id: 'wf-2',
        result: 'failed',
        operation: 'remove-channel-orgs',
        status: 502,
        error_code: 'BCSGW.5020002',
        error_msg: 'BCS did not answer',
        retryable: false,
        may_have_been_applied: true,
      },
    });
  });

  it("rejects with EventBridge's code when the entry is refused for good", async () => {
    // Prepare
    const config = configFrom({});
    const publish = outcomePublisher(() => config, testAwsClient(server.url).client);
    server.enqueue(
      jsonReply(200, {
        FailedEntryCount: 1,
        Entries: [{ ErrorCode: 'AccessDeniedException', ErrorMessage: 'no' }],
      }),
    );

    // Act
    const settled = await publish(
      succeeded,
      { trigger: 'sqs', correlation_id: 'wf-3' },
      inTime(),
    ).catch((error: unknown) => error);

    // Assess
    expect(settled).toMatchObject({ name: 'AccessDeniedException' });
  });
});
