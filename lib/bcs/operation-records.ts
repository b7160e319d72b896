import { isJsonObject, parseJsonObject } from '../json/json-object.ts';
import type { OPERATION_STATUSES } from '../schemas/list-operation-records.ts';

export type OperationStatus = (typeof OPERATION_STATUSES)[number];

/** The statuses an operation never leaves. */
export const END_STATUSES: readonly OperationStatus[] = ['finished', 'failed', 'stop'];

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
  /** One of {@link OPERATION_STATUSES}, or whatever else BCS one day answers. */
  status: string;
  /** BCS's `message` list: why it failed or stopped, when it did. */
  messages: string[];
  /** Steps in BCS's order (`serial_num`). */
  steps: OperationStepSummary[];
  /** Epoch milliseconds at which BCS recorded the operation, when it says. */
  recordTime?: number;
}

/**
 * The record of `operationId` in a ListOpRecord answer's body
 * (`{"count", "operation_records": [...]}`), `undefined` when BCS has none: not known (yet),
 * never "failed". Throws a `TypeError` when the body is not ListOpRecord's shape.
 *
 * Step times are nanosecond integers beyond 2^53, which `JSON.parse` rounds: they are not
 * read here. A caller that passes the answer on sends the body itself, never this summary.
 *
 * @example
 * ```ts
 * const record = findOperationRecord(response.body, 'BCSSVC01-06-1624275286218943067');
 * if (record && END_STATUSES.includes(record.status)) publishEnd(record);
 * ```
 */
export const findOperationRecord = (
  body: string,
  operationId: string,
): OperationRecordSummary | undefined => {
  const answer = parseJsonObject(body);
  const records = answer?.operation_records;
  // BCS writes `null` rather than `[]` in some answers with `count: 0`.
  if (answer === undefined || (records != null && !Array.isArray(records))) {
    throw new TypeError('not a ListOpRecord answer: no operation_records list');
  }
  const record = (records ?? []).find(
    (item: unknown) => isJsonObject(item) && item.operation_id === operationId,
  );
  if (record === undefined) return undefined;
  if (typeof record.operation_status !== 'string') {
    throw new TypeError(`the record of ${operationId} has no operation_status`);
  }
  const recordTime = record.record_time;
  return {
    operationId,
    status: record.operation_status,
    messages: strings(record.message),
    steps: steps(record.operation_process),
    ...(isEpochMs(recordTime) && { recordTime }),
  };
};

/** A time `Date` can show: a whole, non-negative number of milliseconds before year 275760. */
const isEpochMs = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= 8.64e15;

/** The strings of a list; anything else BCS puts there is left out. */
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item) => typeof item === 'string' && item !== '') : [];

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
