/**
 * Sends a sample event to a function of `npm start`'s local gateway through its Lambda Invoke
 * stand-in, exactly as EventBridge (an async event) or SQS (a batch) would deliver it, and
 * prints what the function answered.
 *
 *   npx node scripts/event-sample.ts [--gateway <url>] eventbridge|sqs <operation> '<body JSON>' [--malformed] [--correlation-id <id>]
 *
 * The path parameters are the simulator's seeded ids; `--malformed` adds an SQS message that
 * is not JSON, to see it moved to the dead-letter queue with its reason. Each run is a new
 * request (correlation id `sample-<time>`); send the same `--correlation-id` twice to see the
 * second answered as a duplicate, without reaching BCS.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { defaultSeed } from '../simulator/seed.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    gateway: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
    malformed: { type: 'boolean', default: false },
    'correlation-id': { type: 'string' },
  },
});
const [trigger, operation, bodyText] = positionals;
const paths = {
  'quit-consortium': { project_id: defaultSeed.demo.projectId },
  'remove-channel-orgs': {
    project_id: defaultSeed.demo.projectId,
    blockchain_id: defaultSeed.demo.blockchainId,
    channel_id: defaultSeed.demo.channelName,
  },
} as const;
const detailTypes = {
  'quit-consortium': 'BCS Quit Consortium Requested',
  'remove-channel-orgs': 'BCS Remove Channel Orgs Requested',
} as const;

if (
  (trigger !== 'eventbridge' && trigger !== 'sqs') ||
  (operation !== 'quit-consortium' && operation !== 'remove-channel-orgs') ||
  bodyText === undefined
) {
  console.error(
    "usage: npx node scripts/event-sample.ts [--gateway <url>] eventbridge|sqs quit-consortium|remove-channel-orgs '<body JSON>' [--malformed] [--correlation-id <id>]",
  );
  process.exit(2);
}

const request = {
  path: paths[operation],
  body: JSON.parse(bodyText) as unknown,
  correlation_id: values['correlation-id'] ?? `sample-${Date.now()}`,
};
const now = new Date().toISOString();
const sqsRecord = (body: string) => ({
  messageId: randomUUID(),
  receiptHandle: 'local',
  body,
  attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()) },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:bcs-offboard-local-requests',
  awsRegion: 'us-east-1',
});
const event =
  trigger === 'eventbridge'
    ? {
        version: '0',
        id: randomUUID(),
        'detail-type': detailTypes[operation],
        source: 'local.sample',
        account: '000000000000',
        time: now,
        region: 'us-east-1',
        resources: [],
        detail: request,
      }
    : {
        Records: [
          sqsRecord(JSON.stringify({ operation, ...request })),
          ...(values.malformed ? [sqsRecord('{"operation": "quit-consortium", ')] : []),
        ],
      };

const functionName = trigger === 'eventbridge' ? 'eventbridge-offboard' : 'sqs-offboard';
const answer = await fetch(`${values.gateway}/2015-03-31/functions/${functionName}/invocations`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'RequestResponse' },
  body: JSON.stringify(event),
});
const error = answer.headers.get('x-amz-function-error');
console.log(
  `${functionName} answered ${answer.status}${error ? ` (${error})` : ''}: ${await answer.text()}`,
);
console.log('Its outcome is printed by npm start.');
