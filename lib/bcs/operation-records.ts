import { isJsonObject, parseJsonObject } from '../json/json-object.ts';
import type { OPERATION_STATUSES } from '../schemas/list-operation-records.ts';

export type OperationStatus = (typeof OPERATION_STATUSES)[number];

/** The `operation_status` values an operation never leaves: success, failure, interruption. */
export const END_STATUSES = ['finished', 'failed', 'stop'] as const satisfies OperationStatus[];
export type EndStatus = (typeof END_STATUSES)[number];

/** One record of a ListOpRecord answer, as BCS wrote it, with the one field every reader needs. */
export type OperationRecord = Record<string, unknown> & {
  /** One of `OPERATION_STATUSES`, or whatever else BCS one day answers. */
  operation_status: string;
};

/**
 * The record of `operationId` in a ListOpRecord answer's body (`{"count", "operation_records":
 * [...]}`), as BCS wrote it; `undefined` when BCS has none (`count: 0`): not known (yet), never
 * "failed"; `null` when the body is not ListOpRecord's shape (no JSON object, no
 * `operation_records` list, a record without a string `operation_status`). (`null` rather than a
 * throw: the tracker's bundle has no bytes for an error message it would never show.)
 *
 * The one finder of the project: the tracker reads the status and messages of what it returns
 * (`lib/tracking/operation-end.ts`), the Slack `status` command its steps too
 * ({@link readOperationRecord}). Step times are nanosecond integers beyond 2^53, which
 * `JSON.parse` rounds: a caller that passes the answer on sends the body itself.
 *
 * @example
 * ```ts
 * const record = findOperationRecord(answer.body, 'BCSSVC01-06-1624275286218943067');
 * record?.operation_status; // 'processing'
 * findOperationRecord('{"count":0,"operation_records":null}', id); // undefined: not known yet
 * findOperationRecord('Bad Gateway', id); // null
 * ```
 */
export const findOperationRecord = (
  body: string,
  operationId: string,
): OperationRecord | undefined | null => {
  const records = parseJsonObject(body)?.operation_records;
  // BCS writes `null` rather than `[]` in some answers with `count: 0`.
  const record = Array.isArray(records)
    ? records.find((item: unknown) => isJsonObject(item) && item.operation_id === operationId)
    : records === null
      ? undefined
      : null;
  return record && typeof record.operation_status !== 'string' ? null : record;
};

/** One step of an operation's `operation_process`, as far as a reader needs it. */
export interface OperationStepSummary {
  name: string;
  status: string;
  /** BCS's `detail` of the step, when it says something. */
  detail?: string;
}

/** What an operation record says about how the operation stands. */
export interface OperationRecordSummary {
  operationId: string;
  /** One of `OPERATION_STATUSES`, or whatever else BCS one day answers. */
  status: string;
  /** BCS's `message` list: why it failed or stopped, when it did. */
  messages: string[];
  /** Steps in BCS's order (`serial_num`). */
  steps: OperationStepSummary[];
  /** Epoch milliseconds at which BCS recorded the operation, when it says. */
  recordTime?: number;
}

/**
 * What the record of `operationId` in a ListOpRecord body says, steps included: what the Slack
 * `status` command shows. `undefined` when BCS has no such record ({@link findOperationRecord});
 * throws a `TypeError` when the body is not ListOpRecord's shape. (The tracker reads only the
 * status and the messages: it does not carry this reader.)
 *
 * @example
 * ```ts
 * readOperationRecord(answer.body, 'BCSSVC01-06-1624275286218943067');
 * // { operationId, status: 'failed', messages: ['peer unreachable'], steps: [{ name: 'Preparation', status: 'finished' }, ...] }
 * ```
 */
export const readOperationRecord = (
  body: string,
  operationId: string,
): OperationRecordSummary | undefined => {
  const record = findOperationRecord(body, operationId);
  if (record === null) {
    throw new TypeError(`not a ListOpRecord answer with a record of ${operationId}`);
  }
  if (record === undefined) return undefined;
  const recordTime = record.record_time;
  return {
    operationId,
    status: record.operation_status,
    messages: recordMessages(record),
    steps: steps(record.operation_process),
    ...(isEpochMs(recordTime) && { recordTime }),
  };
};

/**
 * BCS's `message` list of a record: the strings that say something (anything else BCS puts
 * there is left out).
 *
 * @example
 * ```ts
 * recordMessages({ operation_status: 'failed', message: ['peer unreachable', 7, ''] }); // ['peer unreachable']
 * ```
 */
export const recordMessages = (record: OperationRecord): string[] =>
  Array.isArray(record.message)
    ? record.message.filter((item): item is string => typeof item === 'string' && item !== '')
    : [];

/** A time `Date` can show: a whole, non-negative number of milliseconds before year 275760. */
const isEpochMs = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= 8.64e15;

const steps = (process: unknown): OperationStepSummary[] =>
  isJsonObject(process)
    ? Object.entries(process)
        .filter((entry): entry is [string, Record<string, unknown>] => isJsonObject(entry[1]))
        .sort(([, a], [, b]) => Number(a.serial_num ?? 0) - Number(b.serial_num ?? 0))
        .map(([key, step]) => ({
          name: typeof step.step_name === 'string' && step.step_name ? step.step_name : key,
          status: typeof step.status === 'string' ? step.status : 'unknown',
          ...(typeof step.detail === 'string' && step.detail && { detail: step.detail }),
        }))
    : [];
