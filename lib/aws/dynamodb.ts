import { type AwsOperation, jsonOperation } from './aws-client.ts';
import { AwsError } from './aws-error.ts';

/** One attribute's value in DynamoDB's JSON: exactly one of these is set. */
export interface AttributeValue {
  S?: string;
  N?: string;
  B?: string;
  BOOL?: boolean;
  NULL?: boolean;
  M?: Item;
  L?: AttributeValue[];
  SS?: string[];
  NS?: string[];
  BS?: string[];
}

export type Item = Record<string, AttributeValue>;

/** What every write may add: a condition, and the record to hand back when it fails. */
interface ConditionalWrite {
  TableName: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Item;
  /** `ALL_OLD`: a failed condition's error carries the record it found (see {@link failedCondition}). */
  ReturnValuesOnConditionCheckFailure?: 'ALL_OLD' | 'NONE';
}

export interface PutItemInput extends ConditionalWrite {
  Item: Item;
  ReturnValues?: 'NONE' | 'ALL_OLD';
}

export interface GetItemInput {
  TableName: string;
  Key: Item;
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
}

export interface UpdateItemInput extends ConditionalWrite {
  Key: Item;
  UpdateExpression: string;
  ReturnValues?: 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW';
}

export interface DeleteItemInput extends ConditionalWrite {
  Key: Item;
  ReturnValues?: 'NONE' | 'ALL_OLD';
}

/** PutItem, UpdateItem and DeleteItem answer the attributes `ReturnValues` asked for. */
export interface WriteOutput {
  Attributes?: Item;
}

export interface GetItemOutput {
  /** Absent when no record has the key. */
  Item?: Item;
}

/** A DynamoDB operation (its input sent as it is, as the SDK sends it). */
const dynamoDb = <I, O>(operation: string): AwsOperation<I, O> =>
  jsonOperation('dynamodb', `DynamoDB_20120810.${operation}`);

/**
 * DynamoDB `PutItem`: writes a record whole (if its condition holds).
 *
 * @example
 * ```ts
 * await putItem(aws, { TableName, Item: { id: { S: 'k' } }, ConditionExpression: 'attribute_not_exists(id)' }, signal);
 * ```
 */
export const putItem: AwsOperation<PutItemInput, WriteOutput> = /* @__PURE__ */ dynamoDb('PutItem');

/**
 * DynamoDB `GetItem`: the record with this key, if any.
 *
 * @example
 * ```ts
 * const { Item } = await getItem(aws, { TableName, Key: { id: { S: 'k' } }, ConsistentRead: true }, signal);
 * ```
 */
export const getItem: AwsOperation<GetItemInput, GetItemOutput> =
  /* @__PURE__ */ dynamoDb('GetItem');

/**
 * DynamoDB `UpdateItem`: changes some attributes of a record (if its condition holds).
 *
 * @example
 * ```ts
 * await updateItem(aws, { TableName, Key, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'COMPLETED' } } }, signal);
 * ```
 */
export const updateItem: AwsOperation<UpdateItemInput, WriteOutput> =
  /* @__PURE__ */ dynamoDb('UpdateItem');

/**
 * DynamoDB `DeleteItem`: removes a record (if its condition holds); removing none is no error.
 *
 * @example
 * ```ts
 * await deleteItem(aws, { TableName, Key: { id: { S: 'k' } } }, signal);
 * ```
 */
export const deleteItem: AwsOperation<DeleteItemInput, WriteOutput> =
  /* @__PURE__ */ dynamoDb('DeleteItem');

/**
 * When `error` is a write's failed condition: what the table held (`Item`: the record found,
 * with `ReturnValuesOnConditionCheckFailure: 'ALL_OLD'`; `undefined` when there was none);
 * `undefined` for any other error.
 *
 * @example
 * ```ts
 * const found = failedCondition(error)?.Item; // { id: { S: 'k' }, ... }
 * ```
 */
export const failedCondition = (error: unknown): { Item: Item | undefined } | undefined =>
  error instanceof AwsError && error.name === 'ConditionalCheckFailedException'
    ? { Item: error.body?.Item as Item | undefined }
    : undefined;
