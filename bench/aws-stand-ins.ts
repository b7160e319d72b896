/**
 * The AWS services the event functions and the event floor call, on loopback in the bench's
 * own process: the idempotency table (DynamoDB, in memory) and the outcome bus (EventBridge)
 * and dead-letter queue (SQS), as `npm start` answers them. Every published outcome's
 * detail-type is kept, so that a run can tell that each invocation succeeded.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerAwsCall } from '../scripts/local-aws-services.ts';
import { localIdempotencyTable } from '../scripts/local-idempotency-table.ts';

/**
 * Starts the stand-ins on 127.0.0.1 (any free port).
 *
 * @example
 * ```ts
 * const aws = await startAwsStandIns();
 * spawn(node, [child], { env: { ...aws.env } });
 * ```
 */
export const startAwsStandIns = async () => {
  const table = localIdempotencyTable();
  /** The outcomes that were not a success: what each was, as published. */
  const failures: string[] = [];
  let published = 0;
  const keep = (line: string) => {
    published += 1;
    if (!line.startsWith('[EventBridge] BCS Offboarding Succeeded:')) failures.push(line);
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers['x-amz-target']);
    const body = Buffer.concat(chunks).toString('utf8');
    const answer = table.answer(target, body) ?? answerAwsCall(target, body, keep);
    if (answer) res.writeHead(answer.status, answer.headers).end(answer.body);
    else res.writeHead(400, { 'content-type': 'application/json' }).end('{"__type":"Unknown"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    /** What a measured process needs to reach them (credentials only to sign, never checked). */
    env: {
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_ENDPOINT_URL: url,
      IDEMPOTENCY_TABLE_NAME: 'bcs-offboard-bench-idempotency',
      OUTCOME_EVENT_BUS_NAME: 'bcs-offboard-bench-outcomes',
      DEAD_LETTER_QUEUE_URL: `${url}/123456789012/bcs-offboard-bench-dead-letters`,
    },
    failures,
    published: () => published,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
