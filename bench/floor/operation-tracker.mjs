/**
 * The floor of operation-tracker: the least a handler of the tracking queue can do while doing
 * the same work as ours. For each message, it claims the look-up in the idempotency table,
 * reads the credentials (Secrets Manager, when deployed) and signs in (once per container),
 * reads the operation's record with ListOpRecord, then either claims and publishes its end
 * (`BCS Offboarding Ended`) or queues the next look-up on the tracking queue with a delay
 * (SQS `SendMessage`, `DelaySeconds`), and records the look-up done: every AWS call over
 * `fetch` with a bare signer (bench/floor/aws.mjs), and no validation, no error mapping, no
 * maximum age, no Slack post and no retry decisions.
 * Not for deployment: it is what `npm run bench` compares operation-tracker with.
 */
import { awsCall } from './aws.mjs';
import { claim, complete } from './idempotency.mjs';
import { recordOf } from './operation-records.mjs';

const ENDS = ['finished', 'failed', 'stop'];

const follow = async (job) => {
  const env = process.env;
  const step = await claim(`track:${job.operation_id}:${job.attempt}`);
  const status = (await recordOf(job.project_id, job.operation_id))?.operation_status;
  if (ENDS.includes(status)) {
    const end = await claim(`track-end:${job.operation_id}`);
    await awsCall('events', {
      target: 'AWSEvents.PutEvents',
      contentType: 'application/x-amz-json-1.1',
      body: JSON.stringify({
        Entries: [
          {
            EventBusName: env.OUTCOME_EVENT_BUS_NAME,
            Source: 'bcs-offboard',
            DetailType: 'BCS Offboarding Ended',
            Detail: JSON.stringify({ ...job, operation_status: status, ended_by: 'bcs' }),
          },
        ],
      }),
    });
    await complete(end, status);
  } else {
    await awsCall('sqs', {
      endpoint: env.TRACKING_QUEUE_URL,
      target: 'AmazonSQS.SendMessage',
      contentType: 'application/x-amz-json-1.0',
      body: JSON.stringify({
        QueueUrl: env.TRACKING_QUEUE_URL,
        MessageBody: JSON.stringify({ ...job, attempt: job.attempt + 1 }),
        DelaySeconds: Math.min(10 * 2 ** (job.attempt - 1), 900),
      }),
    });
  }
  await complete(step, String(status));
};

export const handler = async (event) => {
  for (const record of event.Records) await follow(JSON.parse(record.body));
  return { batchItemFailures: [] };
};
