import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, vi } from 'vitest';
import {
  dynamoDbIdempotencyStore,
  type IdempotencyStore,
} from '../../lib/idempotency/idempotency-store.ts';
import { takeLogs } from './log-capture.ts';
import { MOTO_CREDENTIALS, MOTO_ENV, type Moto, type MotoCredentials, startMoto } from './moto.ts';

/**
 * The idempotency table as `serverless.yml` declares it (partition key `id`), made in moto,
 * with the means to read and plant records.
 */
export const createIdempotencyTable = async (
  moto: Moto,
  {
    tableName = 'bcs-offboard-idempotency',
    region = 'us-east-1',
    credentials = MOTO_CREDENTIALS,
  }: { tableName?: string; region?: string; credentials?: MotoCredentials } = {},
) => {
  const dynamo = new DynamoDBClient({ endpoint: moto.url, region, credentials });
  const create = () =>
    dynamo.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  await create();
  return {
    tableName,
    /** Every record, attribute values flattened to strings. */
    records: async (): Promise<Record<string, string>[]> => {
      const { Items = [] } = await dynamo.send(
        new ScanCommand({ TableName: tableName, ConsistentRead: true }),
      );
      return Items.map((item) =>
        Object.fromEntries(
          Object.entries(item).map(([name, value]) => [name, String(value.S ?? value.N)]),
        ),
      );
    },
    /** Writes a record as it is, for states a test cannot reach otherwise. */
    plant: async (item: Record<string, string | number>) => {
      await dynamo.send(
        new PutItemCommand({
          TableName: tableName,
          Item: Object.fromEntries(
            Object.entries(item).map(([name, value]) => [
              name,
              typeof value === 'number' ? { N: String(value) } : { S: value },
            ]),
          ),
        }),
      );
    },
    /** Drops every record. */
    clear: async () => {
      await dynamo.send(new DeleteTableCommand({ TableName: tableName }));
      await create();
    },
  };
};

/**
 * For a test file of the store itself: moto with the idempotency table, the AWS SDK pointed
 * at it through the environment, and a store on that table (a TTL of an hour). Started
 * before the file's tests, emptied before each (logs taken too), stopped after.
 *
 * @example
 * ```ts
 * const idempotency = useIdempotencyTable();
 * await idempotency.store.claim('k', { correlationId: 'c', now, inProgressUntil }, signal);
 * ```
 */
export const useIdempotencyTable = () => {
  let moto: Moto | undefined;
  let table: Awaited<ReturnType<typeof createIdempotencyTable>> | undefined;
  let store: IdempotencyStore | undefined;
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error('useIdempotencyTable(): used before its beforeAll ran');
    return value;
  };
  beforeAll(async () => {
    moto = await startMoto();
    for (const [name, value] of Object.entries({ ...MOTO_ENV, AWS_ENDPOINT_URL: moto.url })) {
      vi.stubEnv(name, value);
    }
    table = await createIdempotencyTable(moto);
    store = dynamoDbIdempotencyStore({ tableName: table.tableName, ttlSeconds: 3600 });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await moto?.stop();
  });
  beforeEach(async () => {
    await ready(table).clear();
    takeLogs();
  });
  return {
    get table() {
      return ready(table);
    },
    get store() {
      return ready(store);
    },
  };
};
