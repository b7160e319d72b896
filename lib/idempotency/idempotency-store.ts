import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { logLine } from '../log.ts';
import type { Outcome } from '../outcome.ts';
import { readIdempotencyConfig } from './idempotency-config.ts';

/** What is remembered of one request, by its key. */
export type IdempotencyRecord = {
  /** The correlation id of the delivery that ran it. */
  correlationId: string;
  /** When that delivery claimed it (epoch milliseconds). */
  createdAt: number;
} & (
  | {
      status: 'IN_PROGRESS';
      /** The claiming invocation's deadline (epoch milliseconds). */
      inProgressUntil: number;
    }
  | { status: 'COMPLETED'; outcome: Outcome }
);

/** A claim of a key: the caller runs the request, then completes or releases the claim. */
export interface Claim {
  key: string;
  claimId: string;
  correlationId: string;
  createdAt: number;
}

export type ClaimResult =
  | { claimed: true; claim: Claim }
  | { claimed: false; record: IdempotencyRecord };

/**
 * Where requests are remembered: one conditional write decides which delivery runs. Every call
 * is bounded by its `signal`: a table that does not answer fails the call, never the invocation.
 */
export interface IdempotencyStore {
  /** Claims `key` unless a live record holds it; then that record is handed back. */
  claim(
    key: string,
    request: { correlationId: string; now: number; inProgressUntil: number },
    signal: AbortSignal,
  ): Promise<ClaimResult>;
  /** Remembers the outcome, so that later deliveries get it without running again. */
  complete(claim: Claim, outcome: Outcome, now: number, signal: AbortSignal): Promise<void>;
  /**
   * Forgets the claim: the request did not happen and may be run by a later delivery. Done
   * when the record is already gone; rejected when another delivery's claim holds the key.
   */
  release(claim: Claim, signal: AbortSignal): Promise<void>;
}

interface Sdk {
  client: DynamoDBClient;
  sdk: typeof import('@aws-sdk/client-dynamodb');
}
let shared: Promise<Sdk> | undefined;

/**
 * An {@link IdempotencyStore} on a DynamoDB table with partition key `id` (string) and TTL
 * attribute `expiration`. The SDK (provided by the Lambda runtime) is loaded on first use.
 *
 * A claim is a `PutItem` that succeeds only if no record holds the key or the one there has
 * expired (DynamoDB deletes expired items lazily, so the condition checks `expiration`
 * itself). Completing and releasing are conditional on the claim's own id: a delivery never
 * overwrites another's record. The SDK resends a write whose answer it lost; a resent claim
 * that finds its own record has claimed, and a resent release that finds no record is done.
 *
 * @example
 * ```ts
 * const store = dynamoDbIdempotencyStore({ tableName: 'bcs-offboard-idempotency', ttlSeconds: 3600 });
 * const result = await store.claim(key, { correlationId, now: Date.now(), inProgressUntil }, signal);
 * ```
 */
export const dynamoDbIdempotencyStore = ({
  tableName,
  ttlSeconds,
}: {
  tableName: string;
  ttlSeconds: number;
}): IdempotencyStore => {
  /** Sends one DynamoDB call on the table, given up when `signal` fires; the SDK is loaded on the first. */
  const call = async <N extends 'PutItemCommand' | 'GetItemCommand' | 'DeleteItemCommand'>(
    name: N,
    input: Omit<ConstructorParameters<Sdk['sdk'][N]>[0], 'TableName'>,
    signal: AbortSignal,
  ) => {
    shared ??= import('@aws-sdk/client-dynamodb').then((sdk) => ({
      client: new sdk.DynamoDBClient({ maxAttempts: 3 }),
      sdk,
    }));
    const { client, sdk } = await shared;
    // One of three commands, each with its own input: typed at the call, built alike here.
    const Command = sdk[name] as unknown as new (
      input: object,
    ) => Parameters<DynamoDBClient['send']>[0];
    return client.send(new Command({ TableName: tableName, ...input }), {
      abortSignal: signal,
    }) as unknown as Promise<{ Item?: Record<string, AttributeValue> }>;
  };
  /** A record's attributes; it expires `ttlSeconds` after `now`. */
  const item = (claim: Claim, now: number, fields: Record<string, AttributeValue>) => ({
    id: { S: claim.key },
    claim_id: { S: claim.claimId },
    correlation_id: { S: claim.correlationId },
    created_at: { N: String(claim.createdAt) },
    expiration: { N: String(Math.floor(now / 1000) + ttlSeconds) },
    ...fields,
  });
  const ownClaim = (claim: Claim) => ({
    ConditionExpression: 'claim_id = :claim',
    ExpressionAttributeValues: { ':claim': { S: claim.claimId } },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  });
  /** The record a failed condition found in the table (DynamoDB returns it with the error). */
  const foundBy = (error: unknown) =>
    (error as Error).name === 'ConditionalCheckFailedException'
      ? { item: (error as { Item?: Record<string, AttributeValue> }).Item }
      : undefined;

  return {
    async claim(key, { correlationId, now, inProgressUntil }, signal) {
      const claim: Claim = { key, claimId: crypto.randomUUID(), correlationId, createdAt: now };
      const write = {
        Item: item(claim, now, {
          status: { S: 'IN_PROGRESS' },
          in_progress_until: { N: String(inProgressUntil) },
        }),
        ConditionExpression: 'attribute_not_exists(id) OR expiration < :now',
        ExpressionAttributeValues: { ':now': { N: String(Math.floor(now / 1000)) } },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      };
      const read = { Key: { id: { S: key } }, ConsistentRead: true };
      // Twice at most: a record seen as live at the write may be gone by the read.
      for (let attempt = 0; attempt < 2; attempt += 1) {
        try {
          await call('PutItemCommand', write, signal);
          return { claimed: true, claim };
        } catch (error) {
          const failed = foundBy(error);
          if (!failed) throw error;
          const found = failed.item ?? (await call('GetItemCommand', read, signal)).Item;
          // The SDK sent the write again after losing the answer to one that took: ours.
          if (found?.claim_id?.S === claim.claimId) return { claimed: true, claim };
          if (found) return { claimed: false, record: recordOf(found) };
        }
      }
      throw new Error(`idempotency record ${key} kept changing while it was claimed`);
    },

    async complete(claim, outcome, now, signal) {
      const record = item(claim, now, {
        status: { S: 'COMPLETED' },
        outcome: { S: JSON.stringify(outcome) },
      });
      await call('PutItemCommand', { Item: record, ...ownClaim(claim) }, signal);
    },

    async release(claim, signal) {
      try {
        await call(
          'DeleteItemCommand',
          { Key: { id: { S: claim.key } }, ...ownClaim(claim) },
          signal,
        );
      } catch (error) {
        // No record at all: released already (the SDK may resend a delete whose answer it lost).
        const failed = foundBy(error);
        if (!failed || failed.item) throw error;
      }
    },
  };
};

const recordOf = (item: Record<string, AttributeValue>): IdempotencyRecord => {
  const common = {
    correlationId: item.correlation_id?.S ?? 'unknown',
    createdAt: Number(item.created_at?.N ?? 0),
  };
  if (item.status?.S === 'COMPLETED' && item.outcome?.S !== undefined) {
    return { ...common, status: 'COMPLETED', outcome: JSON.parse(item.outcome.S) as Outcome };
  }
  return {
    ...common,
    status: 'IN_PROGRESS',
    inProgressUntil: Number(item.in_progress_until?.N ?? 0),
  };
};

let fromEnvironment: { store: IdempotencyStore | undefined } | undefined;

/**
 * The store this container uses, from `IDEMPOTENCY_TABLE_NAME` and `IDEMPOTENCY_TTL_SECONDS`
 * (read once); `undefined` when no table is configured, which is logged once as a warning
 * (redeliveries then run again). Throws `BCSGW.5000002` for unusable settings.
 *
 * @example
 * ```ts
 * const store = sharedIdempotencyStore(); // undefined in a local run without a table
 * ```
 */
export const sharedIdempotencyStore = (): IdempotencyStore | undefined => {
  if (fromEnvironment === undefined) {
    const config = readIdempotencyConfig(process.env);
    if (config === undefined) {
      logLine('warn', 'IDEMPOTENCY_TABLE_NAME is not set: redelivered requests are run again', {});
    }
    fromEnvironment = { store: config && dynamoDbIdempotencyStore(config) };
  }
  return fromEnvironment.store;
};
