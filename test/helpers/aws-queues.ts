import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { MOTO_CREDENTIALS, type Moto, type MotoCredentials } from './moto.ts';

export interface ReceivedMessage {
  body: string;
  attributes: Record<string, string>;
}

/**
 * The AWS side of the event functions, made in moto: a bus whose rule copies every
 * `bcs-offboard` outcome into a queue (so a test can read what was published) and a
 * dead-letter queue.
 */
export const createOutcomeInfrastructure = async (
  moto: Moto,
  { credentials = MOTO_CREDENTIALS }: { credentials?: MotoCredentials } = {},
) => {
  const config = { endpoint: moto.url, region: 'us-east-1', credentials };
  const sqs = new SQSClient(config);
  const eventBridge = new EventBridgeClient(config);
  const queue = async (name: string) => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    return { url: QueueUrl as string, arn: Attributes?.QueueArn as string };
  };
  const outcomes = await queue('bcs-offboard-outcomes-copy');
  const deadLetters = await queue('bcs-offboard-requests-dlq');
  const busName = 'bcs-offboard-outcomes';
  await eventBridge.send(new CreateEventBusCommand({ Name: busName }));
  await eventBridge.send(
    new PutRuleCommand({
      Name: 'copy-outcomes',
      EventBusName: busName,
      EventPattern: JSON.stringify({ source: ['bcs-offboard'] }),
    }),
  );
  await eventBridge.send(
    new PutTargetsCommand({
      Rule: 'copy-outcomes',
      EventBusName: busName,
      Targets: [{ Id: 'queue', Arn: outcomes.arn }],
    }),
  );

  const drain = async (url: string): Promise<ReceivedMessage[]> => {
    const messages: ReceivedMessage[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          MessageAttributeNames: ['All'],
          VisibilityTimeout: 300,
        }),
      );
      if (Messages.length === 0) return messages;
      for (const message of Messages) {
        messages.push({
          body: message.Body ?? '',
          attributes: Object.fromEntries(
            Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
              name,
              value.StringValue ?? '',
            ]),
          ),
        });
      }
    }
  };

  return {
    busName,
    deadLetterQueueUrl: deadLetters.url,
    /** The outcome events published so far (their `detail`), and forgets them. */
    outcomes: async () =>
      (await drain(outcomes.url)).map(
        (message) =>
          JSON.parse(message.body) as { 'detail-type': string; detail: Record<string, unknown> },
      ),
    /** The messages moved to the dead-letter queue so far, and forgets them. */
    deadLetters: () => drain(deadLetters.url),
    purge: async () => {
      await sqs.send(new PurgeQueueCommand({ QueueUrl: outcomes.url }));
      await sqs.send(new PurgeQueueCommand({ QueueUrl: deadLetters.url }));
    },
  };
};
