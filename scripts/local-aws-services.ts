/**
 * For `npm start`: the two AWS calls the event functions make, answered on loopback so that a
 * local run needs no AWS account. EventBridge `PutEvents` (outcomes) and SQS `SendMessage`
 * (the dead-letter queue) are printed instead of sent, and handed to `keep` as
 * {@link Arrival}s (the local gateway serves them to `scripts/event-sample.ts`). The functions
 * reach them through `AWS_ENDPOINT_URL_EVENTBRIDGE` and `AWS_ENDPOINT_URL_SQS` (both speak
 * JSON, told apart by their `X-Amz-Target` header).
 */
import { createHash, randomUUID } from 'node:crypto';

/** Where the local gateway serves the {@link Arrival}s it kept (`GET`). */
export const ARRIVALS_PATH = '/__local/arrivals';

/** What a function sent instead of to AWS: an outcome event, or a dead-lettered message. */
export type Arrival =
  | { kind: 'outcome event'; correlation_id: unknown; detail_type: unknown; detail: unknown }
  | {
      kind: 'dead-lettered message';
      correlation_id: unknown;
      body: string;
      attributes: Record<string, unknown>;
    };

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
 * have been published or queued, as a line, and `keep` as an {@link Arrival}.
 *
 * @example
 * ```ts
 * const answer = answerAwsCall(req.headers['x-amz-target'], body, console.log, (a) => arrivals.push(a));
 * ```
 */
export const answerAwsCall = (
  target: string | undefined,
  body: string,
  print: (line: string) => void,
  keep: (arrival: Arrival) => void = () => undefined,
): AwsServiceAnswer | undefined => {
  if (target === 'AWSEvents.PutEvents') {
    const { Entries = [] } = JSON.parse(body) as {
      Entries?: { DetailType?: string; Detail?: string }[];
    };
    for (const entry of Entries) {
      print(`[EventBridge] ${entry.DetailType}: ${entry.Detail}`);
      const detail = parseOrText(entry.Detail ?? '');
      keep({
        kind: 'outcome event',
        correlation_id: (detail as { correlation_id?: unknown } | null)?.correlation_id,
        detail_type: entry.DetailType,
        detail,
      });
    }
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
    const attributes = Object.fromEntries(
      Object.entries(MessageAttributes).map(([name, { StringValue }]) => [name, StringValue]),
    );
    keep({
      kind: 'dead-lettered message',
      correlation_id: attributes.correlation_id,
      body: MessageBody,
      attributes,
    });
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

/** `text` as JSON, or as it is when it is not JSON. */
const parseOrText = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};
