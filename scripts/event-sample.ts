/**
 * Sends a sample event to a function of `npm start`'s local gateway through its Lambda Invoke
 * stand-in, exactly as EventBridge (an async event) or SQS (a batch) would deliver it, and
 * prints what the function answered and what became of the request: the outcome event it
 * published, and any message it moved to the dead-letter queue, as the gateway's AWS stand-ins
 * received them.
 *
 *   npx node scripts/event-sample.ts [--gateway <url>] [--until-ended] eventbridge|sqs <operation> '<body JSON>' [--malformed] [--correlation-id <id>]
 *
 * The path parameters are the simulator's seeded ids; `--malformed` adds an SQS message that
 * is not JSON, to see it moved to the dead-letter queue with its reason. Each run is a new
 * request (correlation id `sample-<time>`); send the same `--correlation-id` twice to see the
 * second answered as a duplicate, without reaching BCS (nothing is published for it).
 * `--until-ended` then waits (at most {@link END_WAIT_SECONDS} s) for the
 * `BCS Offboarding Ended` event of each operation BCS accepted, published once `npm start`'s
 * tracker has followed it to its end.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  type OperationName,
  operationsByDetailType,
  operationsByName,
} from '../lib/operations/catalogue.ts';
import { defaultSeed } from '../simulator/seed.ts';
import { ARRIVALS_PATH, type Arrival } from './local-aws-services.ts';

const OPERATIONS = Object.keys(operationsByName) as OperationName[];

export const USAGE = `usage: npx node scripts/event-sample.ts [--gateway <url>] [--until-ended] eventbridge|sqs ${OPERATIONS.join('|')} '<body JSON>' [--malformed] [--correlation-id <id>]`;

/** How long `--until-ended` waits for the end events: the tracker's first delays and more. */
export const END_WAIT_SECONDS = 120;

/** The command line could not be read: the message says why; the usage follows it. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const TRIGGERS = ['eventbridge', 'sqs'] as const;

/** What one run sends. */
export interface SampleRequest {
  gateway: string;
  trigger: (typeof TRIGGERS)[number];
  operation: OperationName;
  body: unknown;
  correlationId: string;
  malformed: boolean;
  /** Wait for the end event of each operation BCS accepted. */
  untilEnded: boolean;
}

/**
 * The request the command line asks for, or `'help'`; a {@link UsageError} for anything else
 * (an unknown option, a missing or unknown argument, a body that is not JSON).
 *
 * @example
 * ```ts
 * readArguments(['sqs', 'remove-channel-orgs', '{"org_names":["org3"]}']).trigger; // 'sqs'
 * ```
 */
export const readArguments = (argv: string[], env = process.env): SampleRequest | 'help' => {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv, env);
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [trigger, operation, bodyText, ...extra] = positionals;
  if (!TRIGGERS.includes(trigger as SampleRequest['trigger'])) {
    throw new UsageError(`the trigger must be eventbridge or sqs, not ${trigger ?? 'nothing'}`);
  }
  if (!OPERATIONS.includes(operation as SampleRequest['operation'])) {
    throw new UsageError(`unknown operation: ${operation ?? 'none given'}`);
  }
  if (bodyText === undefined || extra.length > 0) {
    throw new UsageError('give the body as one JSON argument, quoted');
  }
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch (error) {
    throw new UsageError(`the body is not JSON (${(error as Error).message})`, { cause: error });
  }
  return {
    gateway: values.gateway,
    trigger: trigger as SampleRequest['trigger'],
    operation: operation as SampleRequest['operation'],
    body,
    correlationId: values['correlation-id'] ?? `sample-${Date.now()}`,
    malformed: values.malformed,
    untilEnded: values['until-ended'],
  };
};

const parse = (argv: string[], env: NodeJS.ProcessEnv) =>
  parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      gateway: { type: 'string', default: `http://127.0.0.1:${env.PORT ?? 3000}` },
      malformed: { type: 'boolean', default: false },
      'correlation-id': { type: 'string' },
      'until-ended': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });

/** The path of each operation's sample, in the demo seed. */
const paths: Record<OperationName, Record<string, string>> = {
  'quit-consortium': { project_id: defaultSeed.demo.projectId },
  'remove-channel-orgs': {
    project_id: defaultSeed.demo.projectId,
    blockchain_id: defaultSeed.demo.blockchainId,
    channel_id: defaultSeed.demo.channelName,
  },
};
/** The detail-type of each operation, from the catalogue. */
const detailTypes = Object.fromEntries(
  Object.entries(operationsByDetailType).map(([detailType, { name }]) => [name, detailType]),
) as Record<OperationName, string>;

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

/**
 * The event `request` becomes, as EventBridge or SQS delivers it, and the correlation ids its
 * outcomes will carry (a malformed message's is its message id).
 *
 * @example
 * ```ts
 * const { functionName, event, correlationIds } = sampleEvent(request);
 * ```
 */
export const sampleEvent = ({
  trigger,
  operation,
  body,
  correlationId,
  malformed,
}: SampleRequest) => {
  const detail = { path: paths[operation], body, correlation_id: correlationId };
  if (trigger === 'eventbridge') {
    return {
      functionName: 'eventbridge-offboard',
      correlationIds: [correlationId],
      event: {
        version: '0',
        id: randomUUID(),
        'detail-type': detailTypes[operation],
        // The source a deployment trusts by default (serverless.yml's eventSources).
        source: 'bcs-offboard.requests',
        account: '000000000000',
        time: new Date().toISOString(),
        region: 'us-east-1',
        resources: [],
        detail,
      },
    };
  }
  const records = [
    sqsRecord(JSON.stringify({ operation, ...detail })),
    ...(malformed ? [sqsRecord('{"operation": "quit-consortium", ')] : []),
  ];
  return {
    functionName: 'sqs-offboard',
    correlationIds: [correlationId, ...records.slice(1).map((record) => record.messageId)],
    event: { Records: records },
  };
};

/**
 * One line for what arrived at the gateway's AWS stand-ins for a request.
 *
 * @example
 * ```ts
 * describeArrival({ kind: 'outcome event', correlation_id: 'wf-1', detail_type: 'BCS Offboarding Succeeded', detail });
 * // 'wf-1: published BCS Offboarding Succeeded {"trigger":"sqs",…}'
 * ```
 */
export const describeArrival = (arrival: Arrival): string =>
  arrival.kind === 'outcome event'
    ? `${arrival.correlation_id}: published ${arrival.detail_type} ${JSON.stringify(arrival.detail)}`
    : `${arrival.correlation_id}: moved to the dead-letter queue (${arrival.attributes.error_code}: ` +
      `${arrival.attributes.failure_reason}), its body unchanged: ${arrival.body}`;

/**
 * What arrived at the gateway's stand-ins after `after` for any of `ids`; `undefined` from a
 * gateway that keeps none (an older one).
 */
const arrivalsSince = async (gateway: string, after: number, ids: readonly string[] = []) => {
  const query = new URLSearchParams({ after: String(after) });
  for (const id of ids) query.append('correlation_id', id);
  const answer = await fetch(`${gateway}${ARRIVALS_PATH}?${query}`);
  if (answer.status === 404) return undefined;
  if (!answer.ok) throw new Error(`${ARRIVALS_PATH} answered ${answer.status}`);
  return (await answer.json()) as { last: number; arrivals: Arrival[] };
};

/** Sends `request` and prints what the function answered, then what became of each request. */
const send = async (request: SampleRequest): Promise<number> => {
  const { functionName, event, correlationIds } = sampleEvent(request);
  const before = await arrivalsSince(request.gateway, Number.MAX_SAFE_INTEGER);
  const answer = await fetch(
    `${request.gateway}/2015-03-31/functions/${functionName}/invocations`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'RequestResponse' },
      body: JSON.stringify(event),
    },
  );
  const error = answer.headers.get('x-amz-function-error');
  console.log(
    `${functionName} answered ${answer.status}${error ? ` (${error}: Lambda would retry it)` : ''}: ${await answer.text()}`,
  );
  const after = before && (await arrivalsSince(request.gateway, before.last, correlationIds));
  if (!after) {
    console.log('Its outcome is printed by npm start.');
    return answer.ok ? 0 : 1;
  }
  for (const arrival of after.arrivals) console.log(describeArrival(arrival));
  for (const id of correlationIds) {
    if (!after.arrivals.some((arrival) => arrival.correlation_id === id)) {
      console.log(
        `${id}: nothing published: a duplicate of a request already run is only logged ` +
          "(npm start's output says why)",
      );
    }
  }
  if (request.untilEnded) await waitForEnds(request.gateway, after.last, after.arrivals);
  return answer.ok ? 0 : 1;
};

/**
 * Prints what arrives for the operations accepted in `arrivals` until each has its
 * `BCS Offboarding Ended` event, or {@link END_WAIT_SECONDS} have passed.
 */
const waitForEnds = async (gateway: string, last: number, arrivals: Arrival[]) => {
  const waiting = new Set(
    arrivals
      .filter(
        (arrival) =>
          arrival.kind === 'outcome event' && arrival.detail_type === 'BCS Offboarding Succeeded',
      )
      .map((arrival) => String(arrival.correlation_id)),
  );
  for (const id of waiting) {
    console.log(`${id}: accepted; waiting for its end (npm start prints the tracker's look-ups)…`);
  }
  const deadline = Date.now() + END_WAIT_SECONDS * 1000;
  let seen = last;
  while (waiting.size > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const next = await arrivalsSince(gateway, seen, [...waiting]);
    if (!next) return;
    seen = next.last;
    for (const arrival of next.arrivals) {
      console.log(describeArrival(arrival));
      if (arrival.kind === 'outcome event' && arrival.detail_type === 'BCS Offboarding Ended') {
        waiting.delete(String(arrival.correlation_id));
      }
    }
  }
  for (const id of waiting) {
    console.log(
      `${id}: not ended within ${END_WAIT_SECONDS} s; npm start prints its end when it comes`,
    );
  }
};

if (import.meta.main) {
  let request: SampleRequest | 'help';
  try {
    request = readArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`event-sample: ${error.message}\n${USAGE}`);
    process.exit(2);
  }
  if (request === 'help') {
    console.log(USAGE);
    process.exit(0);
  }
  try {
    process.exitCode = await send(request);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    console.error(
      `event-sample: cannot reach the local gateway at ${request.gateway} (${cause}): is npm start running?`,
    );
    process.exitCode = 1;
  }
}
