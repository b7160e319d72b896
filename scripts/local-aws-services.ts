/**
 * For `npm start`: the two AWS calls the event functions make, answered on loopback so that a
 * local run needs no AWS account. EventBridge `PutEvents` (outcomes) and SQS `SendMessage`
 * (the dead-letter queue) are printed instead of sent. The AWS SDK reaches them through
 * `AWS_ENDPOINT_URL_EVENTBRIDGE` and `AWS_ENDPOINT_URL_SQS` (both speak JSON, told apart by
 * their `X-Amz-Target` header).
 */
import { createHash, randomUUID } from 'node:crypto';

export interface AwsServiceAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const json = (status: number, value: unknown, contentType: string): AwsServiceAnswer => ({
  status,
  headers: { 'content-type': contentType, 'x-amzn-requestid': randomUUID() },
  body: JSON.stringify(value),
});

/**
 * The answer to an AWS JSON-protocol call named by `target` (the `X-Amz-Target` header), or
 * `undefined` when it is not one of the two this stands in for. `print` receives what would
 * have been published or queued.
 *
 * @example
 * ```ts
 * const answer = answerAwsCall(req.headers['x-amz-target'], body, console.log);
 * ```
 */
export const answerAwsCall = (
  target: string | undefined,
  body: string,
  print: (line: string) => void,
): AwsServiceAnswer | undefined => {
  if (target === 'AWSEvents.PutEvents') {
    const { Entries = [] } = JSON.parse(body) as {
      Entries?: { DetailType?: string; Detail?: string }[];
    };
    for (const entry of Entries) print(`[EventBridge] ${entry.DetailType}: ${entry.Detail}`);
    return json(
      200,
      { FailedEntryCount: 0, Entries: Entries.map(() => ({ EventId: randomUUID() })) },
      'application/x-amz-json-1.1',
    );
  }
  if (target === 'AmazonSQS.SendMessage') {
    const { MessageBody = '', MessageAttributes = {} } = JSON.parse(body) as {
      MessageBody?: string;
      MessageAttributes?: Record<string, { StringValue?: string }>;
    };
    const reason = MessageAttributes.failure_reason?.StringValue;
    print(`[SQS dead-letter queue] ${MessageBody}  (reason: ${reason})`);
    return json(
      200,
      {
        MessageId: randomUUID(),
        // The SDK checks this digest of the body it sent.
        MD5OfMessageBody: createHash('md5').update(MessageBody).digest('hex'),
      },
      'application/x-amz-json-1.0',
    );
  }
  return undefined;
};
