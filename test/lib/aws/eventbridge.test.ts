import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsError } from '../../../lib/aws/aws-error.ts';
import { type PutEventsRequestEntry, putEvents } from '../../../lib/aws/eventbridge.ts';
import { testAwsClient } from '../../helpers/aws-test-client.ts';
import {
  jsonReply,
  type ScriptedServer,
  startScriptedServer,
} from '../../helpers/scripted-server.ts';

const entry = (n: number): PutEventsRequestEntry => ({
  EventBusName: 'bcs-offboard-outcomes',
  Source: 'bcs-offboard',
  DetailType: 'BCS Offboarding Succeeded',
  Detail: JSON.stringify({ n }),
});
const accepted = (id: string) => ({ EventId: id });
const failed = (ErrorCode: string) => ({ ErrorCode, ErrorMessage: `${ErrorCode} happened` });
const inTime = () => AbortSignal.timeout(10_000);
/** The entries (their `n`) each request carried. */
const sentEntries = (server: ScriptedServer) =>
  server.requests.map((request) =>
    (JSON.parse(request.body) as { Entries: { Detail: string }[] }).Entries.map(
      (sent) => (JSON.parse(sent.Detail) as { n: number }).n,
    ),
  );

describe('putEvents', () => {
  let server: ScriptedServer;

  beforeEach(async () => {
    server = await startScriptedServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('sends PutEvents as the SDK does', async () => {
    // Prepare
    const { client } = testAwsClient(server.url);
    server.enqueue(jsonReply(200, { FailedEntryCount: 0, Entries: [accepted('e1')] }));

    // Act
    await putEvents(client, { Entries: [entry(1)] }, inTime());

    // Assess
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      url: '/',
      body: JSON.stringify({ Entries: [entry(1)] }),
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSEvents.PutEvents',
      },
    });
    expect(server.requests[0]?.headers.authorization).toContain('/eu-west-1/events/aws4_request');
  });

  it('fails a 200 answer with failed entries, without resending one that would fail again', async () => {
    // Prepare
    const { client } = testAwsClient(server.url);
    server.enqueue(
      jsonReply(200, { FailedEntryCount: 1, Entries: [accepted('e1'), failed('MalformedDetail')] }),
    );

    // Act
    const error = await putEvents(client, { Entries: [entry(1), entry(2)] }, inTime()).catch(
      (thrown: unknown) => thrown,
    );

    // Assess
    expect(error).toBeInstanceOf(AwsError);
    expect(error).toMatchObject({
      name: 'MalformedDetail',
      message: 'events PutEvents failed: MalformedDetail (HTTP 200)',
      status: 200,
      sent: 'maybe',
      body: { FailedEntryCount: 1, Entries: [accepted('e1'), failed('MalformedDetail')] },
    });
    expect(server.requests).toHaveLength(1);
  });

  it('resends only the entries failed with InternalFailure or ThrottlingException', async () => {
    // Prepare
    const aws = testAwsClient(server.url);
    server.enqueue(
      jsonReply(200, {
        FailedEntryCount: 2,
        Entries: [failed('ThrottlingException'), accepted('e2'), failed('InternalFailure')],
      }),
      jsonReply(200, { FailedEntryCount: 0, Entries: [accepted('e1'), accepted('e3')] }),
    );

    // Act
    await putEvents(aws.client, { Entries: [entry(1), entry(2), entry(3)] }, inTime());

    // Assess
    expect(sentEntries(server)).toEqual([
      [1, 2, 3],
      [1, 3],
    ]);
    expect(aws.waits).toEqual([1000]);
  });

  it('fails with a retried entry still failed once the attempts are spent', async () => {
    // Prepare
    const { client } = testAwsClient(server.url);
    server.respondWith(() =>
      jsonReply(200, { FailedEntryCount: 1, Entries: [failed('InternalFailure')] }),
    );

    // Act
    const error = await putEvents(client, { Entries: [entry(1)] }, inTime()).catch(
      (thrown: unknown) => thrown,
    );

    // Assess
    expect(error).toMatchObject({ name: 'InternalFailure' });
    expect(sentEntries(server)).toEqual([[1], [1], [1]]);
  });

  it('still fails for an entry that failed for good when the retried ones got through', async () => {
    // Prepare
    const { client } = testAwsClient(server.url);
    server.enqueue(
      jsonReply(200, {
        FailedEntryCount: 2,
        Entries: [failed('AccessDeniedException'), failed('ThrottlingException')],
      }),
      jsonReply(200, { FailedEntryCount: 0, Entries: [accepted('e2')] }),
    );

    // Act
    const error = await putEvents(client, { Entries: [entry(1), entry(2)] }, inTime()).catch(
      (thrown: unknown) => thrown,
    );

    // Assess
    expect(sentEntries(server)).toEqual([[1, 2], [2]]);
    expect(error).toMatchObject({
      name: 'AccessDeniedException',
      body: { FailedEntryCount: 0, Entries: [accepted('e2')] },
    });
  });

  it('resends the same entries after a failure of the whole call', async () => {
    // Prepare
    const { client } = testAwsClient(server.url);
    server.enqueue(
      jsonReply(200, { FailedEntryCount: 1, Entries: [accepted('e1'), failed('InternalFailure')] }),
      { status: 500, body: '' },
      jsonReply(200, { FailedEntryCount: 0, Entries: [accepted('e2')] }),
    );

    // Act
    const publishing = putEvents(client, { Entries: [entry(1), entry(2)] }, inTime());

    // Assess
    await expect(publishing).resolves.toBeUndefined();
    expect(sentEntries(server)).toEqual([[1, 2], [2], [2]]);
  });

  it('throws the error of a bus that does not exist (moto answers it with a 400)', async () => {
    // Prepare
    const { client } = testAwsClient(server.url);
    server.enqueue(
      jsonReply(400, {
        __type: 'ResourceNotFoundException',
        message: 'Event bus gone does not exist.',
      }),
    );

    // Act
    const publishing = putEvents(client, { Entries: [entry(1)] }, inTime());

    // Assess
    await expect(publishing).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(server.requests).toHaveLength(1);
  });

  it('takes a 200 answer that lists no entries as every entry accepted', async () => {
    // Prepare
    const { client } = testAwsClient(server.url);
    server.enqueue(jsonReply(200, { FailedEntryCount: 0 }));

    // Act
    const putting = putEvents(client, { Entries: [entry(1), entry(2)] }, inTime());

    // Assess
    await expect(putting).resolves.toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });

  it.each(['InternalFailureX', 'NotThrottlingException'])(
    'resends only the entries of a retried code, not one whose code merely contains it (%s)',
    async (code) => {
      // Prepare
      const { client } = testAwsClient(server.url);
      server.enqueue(
        jsonReply(200, {
          FailedEntryCount: 2,
          Entries: [failed('ThrottlingException'), failed(code)],
        }),
        jsonReply(200, { FailedEntryCount: 0, Entries: [accepted('e1'), accepted('e2')] }),
      );

      // Act
      const error = await putEvents(client, { Entries: [entry(1), entry(2)] }, inTime()).catch(
        (thrown: unknown) => thrown,
      );

      // Assess
      expect(error).toMatchObject({ name: code });
      expect(sentEntries(server)).toEqual([[1, 2], [1]]);
    },
  );
});
