import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.ts';
import { createOutcomeInfrastructure } from './aws-queues.ts';
import { simulatorEnv } from './bundles.ts';
import { createIdempotencyTable } from './idempotency-table.ts';
import { takeLogs } from './log-capture.ts';
import { MOTO_ENV, type Moto, startMoto } from './moto.ts';

/**
 * What the event functions run against, as `serverless.yml` deploys them: the simulator for
 * BCS and IAM, and in moto the outcome bus (copied into a queue a test can read), the
 * dead-letter queue and the idempotency table. Call it at the top of a test file: started
 * before its tests, back to empty before each (logs taken too), stopped after.
 *
 * @example
 * ```ts
 * const stack = useEventStack();
 * const handler = await loadBundle('sqs-offboard', stack.env());
 * expect(await stack.aws.deadLetters()).toHaveLength(1);
 * ```
 */
export const useEventStack = () => {
  let sim: Simulator | undefined;
  let moto: Moto | undefined;
  let aws: Awaited<ReturnType<typeof createOutcomeInfrastructure>> | undefined;
  let table: Awaited<ReturnType<typeof createIdempotencyTable>> | undefined;
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useEventStack(): used before its beforeAll ran');
    return value;
  };

  beforeAll(async () => {
    [sim, moto] = await Promise.all([startSimulator(), startMoto()]);
    [aws, table] = await Promise.all([
      createOutcomeInfrastructure(moto),
      createIdempotencyTable(moto),
    ]);
  });
  afterAll(async () => {
    await Promise.all([sim?.stop(), moto?.stop()]);
  });
  beforeEach(async () => {
    ready(sim).reset();
    await Promise.all([ready(aws).purge(), ready(table).clear()]);
    takeLogs();
  });

  return {
    get sim() {
      return ready(sim);
    },
    get moto() {
      return ready(moto);
    },
    get aws() {
      return ready(aws);
    },
    get table() {
      return ready(table);
    },
    /** A function's environment as deployed, wired to all of the above; `overrides` win. */
    env: (overrides: Record<string, string | undefined> = {}) => ({
      ...simulatorEnv(ready(sim)),
      ...MOTO_ENV,
      AWS_ENDPOINT_URL: ready(moto).url,
      OUTCOME_EVENT_BUS_NAME: ready(aws).busName,
      DEAD_LETTER_QUEUE_URL: ready(aws).deadLetterQueueUrl,
      IDEMPOTENCY_TABLE_NAME: ready(table).tableName,
      ...overrides,
    }),
    /** The requests BCS received (sign-ins left out). */
    bcsRequests: () => ready(sim).requests.filter((request) => request.service === 'bcs'),
  };
};
