/**
 * For `npm start`: the idempotency table of the event functions and the Slack worker, kept in
 * memory, so that a local run detects duplicates as a deployment does. It answers the three
 * DynamoDB calls `lib/idempotency/idempotency-store.ts` makes (`PutItem`, `GetItem`,
 * `DeleteItem`) with exactly the conditions that store writes; any other call or condition is
 * refused loudly (400 `ValidationException`), never half-understood. Items expire on their
 * `expiration` (epoch seconds), as DynamoDB's TTL would let them.
 */
import { randomUUID } from 'node:crypto';
import type { AwsServiceAnswer } from './local-aws-services.ts';

type AttributeValue = { S: string } | { N: string };
type Item = Record<string, AttributeValue>;

interface Call {
  TableName?: string;
  Key?: Item;
  Item?: Item;
  ConditionExpression?: string;
  ExpressionAttributeValues?: Item;
  ReturnValuesOnConditionCheckFailure?: string;
}

/** The conditions the store writes, each as the test it stands for. */
const CONDITIONS: Record<string, (old: Item | undefined, values: Item) => boolean> = {
  'attribute_not_exists(id) OR expiration < :now': (old, values) =>
    old === undefined || Number(number(old.expiration)) < Number(number(values[':now'])),
  'claim_id = :claim': (old, values) =>
    old !== undefined && text(old.claim_id) === text(values[':claim']),
};

const text = (value: AttributeValue | undefined) => (value && 'S' in value ? value.S : undefined);
const number = (value: AttributeValue | undefined) => (value && 'N' in value ? value.N : undefined);

const answer = (status: number, value: unknown): AwsServiceAnswer => ({
  status,
  headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() },
  body: JSON.stringify(value),
});
const refuse = (type: string, message: string, extra: object = {}) =>
  answer(400, { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message, ...extra });

/**
 * A table in memory. `answer(target, body)` is the reply to one call (the `X-Amz-Target` header
 * and the JSON body), or `undefined` when the call is not addressed to DynamoDB.
 *
 * @example
 * ```ts
 * const table = localIdempotencyTable();
 * table.answer('DynamoDB_20120810.GetItem', '{"TableName":"t","Key":{"id":{"S":"k"}}}');
 * ```
 */
export const localIdempotencyTable = ({ now = Date.now } = {}) => {
  const items = new Map<string, Item>();
  const live = (key: string): Item | undefined => {
    const item = items.get(key);
    if (item && Number(number(item.expiration)) * 1000 <= now()) {
      items.delete(key);
      return undefined;
    }
    return item;
  };

  return {
    /** How many live items the table holds. */
    size: () => [...items.keys()].filter((key) => live(key) !== undefined).length,

    answer(target: string, body: string): AwsServiceAnswer | undefined {
      if (!target.startsWith('DynamoDB_20120810.')) return undefined;
      const operation = target.slice('DynamoDB_20120810.'.length);
      const call = JSON.parse(body) as Call;
      const key = text(call.Key?.id ?? call.Item?.id);
      if (key === undefined)
        return refuse('ValidationException', 'The key id (a string) is missing');
      if (operation === 'GetItem') {
        const item = live(key);
        return answer(200, item ? { Item: item } : {});
      }
      if (operation !== 'PutItem' && operation !== 'DeleteItem') {
        return refuse('ValidationException', `The local table does not do ${operation}`);
      }
      const condition = call.ConditionExpression;
      const test = condition === undefined ? () => true : CONDITIONS[condition];
      if (!test) {
        return refuse('ValidationException', `The local table does not understand: ${condition}`);
      }
      const old = live(key);
      if (!test(old, call.ExpressionAttributeValues ?? {})) {
        const returnOld = call.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && old;
        return refuse(
          'ConditionalCheckFailedException',
          'The conditional request failed',
          returnOld ? { Item: old } : {},
        );
      }
      if (operation === 'PutItem' && call.Item) items.set(key, call.Item);
      else items.delete(key);
      return answer(200, {});
    },
  };
};
