import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invokeAsync, MAX_ASYNC_PAYLOAD_BYTES } from '../../../lib/aws/lambda.ts';
import { testAwsClient } from '../../helpers/aws-test-client.ts';
import { type ScriptedServer, startScriptedServer } from '../../helpers/scripted-server.ts';

const WORKER_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:bcs-offboard-dev-slack-worker';
const queued = { status: 202, headers: { 'x-amzn-requestid': 'REQ-1' }, body: '' };
const inTime = () => AbortSignal.timeout(10_000);

describe('invokeAsync', () => {
  let server: ScriptedServer;

  beforeEach(async () => {
    server = await startScriptedServer(() => queued);
  });
  afterEach(async () => {
    await server.stop();
  });

  it('sends an Event invocation as the SDK does, the ARN percent-encoded once', async () => {
    // Prepare
    const { client } = testAwsClient(server.url);
    const payload = JSON.stringify({ command: 'remove-orgs', user: 'é' });

    // Act
    await invokeAsync(client, { FunctionName: WORKER_ARN, Payload: payload }, inTime());

    // Assess
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      url: '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Abcs-offboard-dev-slack-worker/invocations',
      body: payload,
      headers: {
        'content-type': 'application/octet-stream',
        'x-amz-invocation-type': 'Event',
        'content-length': String(Buffer.byteLength(payload)),
      },
    });
    expect(server.requests[0]?.headers.authorization).toMatch(
      /\/eu-west-1\/lambda\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-invocation-type;x-amz-security-token,/,
    );
  });

  it('fails on any answer but 202, saying the invocation may have been queued', async () => {
    // Prepare
    const { client } = testAwsClient(server.url);
    server.enqueue({ status: 200, body: '{"ok":true}' });

    // Act
    const invoking = invokeAsync(client, { FunctionName: 'worker', Payload: '{}' }, inTime());

    // Assess
    await expect(invoking).rejects.toMatchObject({ name: 'HTTP 200', sent: 'maybe' });
    expect(server.requests).toHaveLength(1);
  });

  it('reads only the status of the answer, whatever its body', async () => {
    // Prepare
    const { client } = testAwsClient(server.url);
    server.enqueue({ status: 202, body: 'Simple Lambda happy path OK' });

    // Act
    const invoking = invokeAsync(client, { FunctionName: 'worker', Payload: '{}' }, inTime());

    // Assess
    await expect(invoking).resolves.toBeUndefined();
  });

  it("names Lambda's refusal after its x-amzn-errortype header first", async () => {
    // Prepare
    const { client } = testAwsClient(server.url);
    server.enqueue({
      status: 404,
      headers: { 'x-amzn-errortype': 'ResourceNotFoundException:http://internal.amazon.com/' },
      body: '{"Type":"User","message":"Function not found: worker","code":"Other"}',
    });

    // Act
    const invoking = invokeAsync(client, { FunctionName: 'worker', Payload: '{}' }, inTime());

    // Assess
    await expect(invoking).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      call: 'Invoke',
      message: 'lambda Invoke failed: ResourceNotFoundException (HTTP 404)',
      status: 404,
      sent: 'answered',
    });
  });

  it("reads Lambda's refusal of a payload over 1 MB: nothing was queued", async () => {
    // Prepare
    const { client } = testAwsClient(server.url);
    server.enqueue({
      status: 413,
      headers: { 'x-amzn-errortype': 'RequestTooLargeException' },
      body: '{"Type":"User","message":"Request must be smaller than 1048576 bytes for the InvokeFunction operation"}',
    });
    // 1 MB of characters, one of them two bytes long in UTF-8: a byte over.
    const payload = `"${'x'.repeat(MAX_ASYNC_PAYLOAD_BYTES - 3)}é"`;

    // Act
    const invoking = invokeAsync(client, { FunctionName: 'worker', Payload: payload }, inTime());

    // Assess
    await expect(invoking).rejects.toMatchObject({
      name: 'RequestTooLargeException',
      status: 413,
      sent: 'answered',
    });
    expect(server.requests.map((request) => Buffer.byteLength(request.body))).toEqual([
      MAX_ASYNC_PAYLOAD_BYTES + 1,
    ]);
  });

  it('sends a payload of exactly 1 MB', async () => {
    // Prepare
    const { client } = testAwsClient(server.url);
    const payload = `"${'x'.repeat(MAX_ASYNC_PAYLOAD_BYTES - 2)}"`;

    // Act
    await invokeAsync(client, { FunctionName: 'worker', Payload: payload }, inTime());

    // Assess
    expect(server.requests.map((request) => request.body.length)).toEqual([
      MAX_ASYNC_PAYLOAD_BYTES,
    ]);
  });
});
