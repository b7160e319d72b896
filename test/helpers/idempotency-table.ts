import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import type { Moto } from './moto.ts';

/**
 * The idempotency table as `serverless.yml` declares it (partition key `id`), made in moto,
 * with the means to read and plant records.
 */
export const createIdempotencyTable = async (
  moto: Moto,
  { tableName = 'bcs-offboard-idempotency', region = 'us-east-1' } = {},
) => {
  const dynamo = new DynamoDBClient({
    endpoint: moto.url,
    region,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
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
