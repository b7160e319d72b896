import type { AwsClient } from '../aws/aws-client.ts';
import { deleteItem, failedCondition, getItem, type Item, putItem } from '../aws/dynamodb.ts';
import { sharedAwsClient } from '../aws/shared-aws-client.ts';
import { idempotencyConfig, sharedConfig } from '../config/config.ts';
import * as ErrorCodes from '../errors/error-codes.ts';
import { GatewayError, MAY_HAVE_APPLIED, NOT_SENT } from '../errors/gateway-error.ts';
import { logLine } from '../logging/log.ts';
import type { Outcome } from '../pipeline/outcome.ts';

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

/**
 * An {@link IdempotencyStore} on a DynamoDB table with partition key `id` (string) and TTL
 * attribute `expiration`, through `aws` (default: the container's client).
 *
 * A claim is a `PutItem` that succeeds only if no record holds the key or the one there has
 * expired (DynamoDB deletes expired items lazily, so the condition checks `expiration`
 * itself). Completing and releasing are conditional on the claim's own id: a delivery never
 * overwrites another's record. A write whose answer was lost is sent again (the retry policy
 * of `lib/aws`); a resent claim that finds its own record has claimed, and a resent release
 * that finds no record is done.
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
  aws = sharedAwsClient(),
}: {
  tableName: string;
  ttlSeconds: number;
  aws?: AwsClient;
}): IdempotencyStore => {
  /** A record's attributes; it expires `ttlSeconds` after `now`. */
  const item = (claim: Claim, now: number, fields: Item): Item => ({
    id: { S: claim.key },
    claim_id: { S: claim.claimId },
    correlation_id: { S: claim.correlationId },
    created_at: { N: `${claim.createdAt}` },
    expiration: { N: `${Math.floor(now / 1000) + ttlSeconds}` },
    ...fields,
  });
  /** A write to the table that holds only if `condition` does; a failed one hands back the record. */
  const conditional = (condition: string, values: Item) => ({
    TableName: tableName,
    ConditionExpression: condition,
    ExpressionAttributeValues: values,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  });
  const ownClaim = (claim: Claim) =>
    conditional('claim_id = :claim', { ':claim': { S: claim.claimId } });

  return {
    async claim(key, { correlationId, now, inProgressUntil }, signal) {
      const claim: Claim = { key, claimId: crypto.randomUUID(), correlationId, createdAt: now };
      const claimed = { claimed: true, claim } as const;
      const write = {
        ...conditional('attribute_not_exists(id) OR expiration < :now', {
          ':now': { N: `${Math.floor(now / 1000)}` },
        }),
        Item: item(claim, now, {
          status: { S: 'IN_PROGRESS' },
          in_progress_until: { N: `${inProgressUntil}` },
        }),
      };
      // Twice at most: a record seen as live at the write may be gone by the read.
      for (let attempt = 0; attempt < 2; attempt += 1) {
        try {
          await putItem(aws, write, signal);
          return claimed;
        } catch (error) {
          const failed = failedCondition(error);
          if (!failed) throw error;
          const found =
            failed.Item ??
            (
              await getItem(
                aws,
                { TableName: tableName, Key: { id: { S: key } }, ConsistentRead: true },
                signal,
              )
            ).Item;
          // The write was sent again after the answer to one that took was lost: ours.
          if (found?.claim_id?.S === claim.claimId) return claimed;
          if (found) return { claimed: false, record: recordOf(found) };
        }
      }
      // Other deliveries of the request kept writing it: this one gives up (nothing was sent).
      throw new GatewayError(
        ErrorCodes.idempotencyUnavailable,
        `idempotency record ${key} kept changing while it was claimed`,
        { delivery: NOT_SENT },
      );
    },

    async complete(claim, outcome, now, signal) {
      const record = { status: { S: 'COMPLETED' }, outcome: { S: JSON.stringify(outcome) } };
      await putItem(aws, { ...ownClaim(claim), Item: item(claim, now, record) }, signal);
    },

    async release(claim, signal) {
      try {
        await deleteItem(aws, { ...ownClaim(claim), Key: { id: { S: claim.key } } }, signal);
      } catch (error) {
        // No record at all: released already (a delete whose answer was lost is sent again).
        const failed = failedCondition(error);
        if (!failed || failed.Item) throw error;
      }
    },
  };
};

const recordOf = (item: Item): IdempotencyRecord => {
  const common = {
    correlationId: item.correlation_id?.S ?? 'unknown',
    createdAt: Number(item.created_at?.N ?? 0),
  };
  if (item.status?.S === 'COMPLETED' && item.outcome?.S !== undefined) {
    const outcome = JSON.parse(item.outcome.S) as Outcome;
    // Only what succeeded or may have been applied is remembered (a record written before
    // outcomes had a delivery state says so with two flags).
    if (outcome.result === 'failed') outcome.delivery = MAY_HAVE_APPLIED;
    return { ...common, status: 'COMPLETED', outcome };
  }
  return {
    ...common,
    status: 'IN_PROGRESS',
    inProgressUntil: Number(item.in_progress_until?.N ?? 0),
  };
};

let shared: { store: IdempotencyStore | undefined } | undefined;

/**
 * The store of this container, from the configuration's `IDEMPOTENCY_TABLE_NAME` and
 * `IDEMPOTENCY_TTL_SECONDS` (made once it succeeds: an unusable TTL throws `BCSGW.5000002` on
 * every call until fixed); `undefined` when no table is configured, which is logged once as a
 * warning (redeliveries then run again).
 *
 * @example
 * ```ts
 * const store = sharedIdempotencyStore(); // undefined in a local run without a table
 * ```
 */
export const sharedIdempotencyStore = (): IdempotencyStore | undefined => {
  if (shared === undefined) {
    const config = idempotencyConfig(sharedConfig());
    if (config === undefined) {
      logLine('warn', 'IDEMPOTENCY_TABLE_NAME is not set: redelivered requests are run again', {});
    }
    shared = { store: config && dynamoDbIdempotencyStore(config) };
  }
  return shared.store;
};
