import { isJsonObject, parseJsonObject } from '../json/json-object.ts';

/** The `operation_status` values that end an operation: success, failure, interruption. */
export const END_STATUSES = ['finished', 'failed', 'stop'] as const;
export type EndStatus = (typeof END_STATUSES)[number];

/** What one ListOpRecord answer says of one operation. */
export type OperationProgress =
  /** `finished`, `failed` or `stop`, with BCS's messages (strings only, at most 20). */
  | { state: 'ended'; status: EndStatus; messages: string[] }
  /** `waiting` or `processing` (or a status BCS may add later): look again. */
  | { state: 'running'; status: string }
  /** No such record (`count: 0`): not known yet, never a failure. */
  | { state: 'not-known' };

const MAX_MESSAGES = 20;
const MAX_MESSAGE_LENGTH = 1000;

/**
 * Reads what a ListOpRecord body (`{"count", "operation_records": [...]}`) says of the
 * operation `operationId`: only that record's `operation_status` and `message` are read. No
 * record with that id (`count: 0`) is `not-known`, never an end; `finished`, `failed` and
 * `stop` are ends; any other status is still `running`. Returns `undefined` for a body that is
 * not such an answer (no JSON object, no `operation_records` list, a record without a string
 * status), which the caller treats as "look again later".
 *
 * (`JSON.parse` rounds the nanosecond step times beyond 2^53; nothing read here is one.)
 *
 * @example
 * ```ts
 * readOperationProgress('{"count":0,"operation_records":[]}', 'BCSSVC01-06-1'); // { state: 'not-known' }
 * ```
 */
export const readOperationProgress = (
  body: string,
  operationId: string,
): OperationProgress | undefined => {
  const records = parseJsonObject(body)?.operation_records;
  if (!Array.isArray(records)) return undefined;
  const record = records.find(
    (each): each is Record<string, unknown> =>
      isJsonObject(each) && each.operation_id === operationId,
  );
  if (record === undefined) return { state: 'not-known' };
  const status = record.operation_status;
  if (typeof status !== 'string') return undefined;
  if (!(END_STATUSES as readonly string[]).includes(status)) return { state: 'running', status };
  const messages = Array.isArray(record.message) ? record.message : [];
  return {
    state: 'ended',
    status: status as EndStatus,
    messages: messages
      .filter((message): message is string => typeof message === 'string')
      .slice(0, MAX_MESSAGES)
      .map((message) => message.slice(0, MAX_MESSAGE_LENGTH)),
  };
};
