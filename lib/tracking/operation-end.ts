import {
  END_STATUSES,
  type EndStatus,
  findOperationRecord,
  recordMessages,
} from '../bcs/operation-records.ts';

/** What one ListOpRecord answer says of one operation. */
export type OperationProgress =
  /** `finished`, `failed` or `stop`, with BCS's messages (at most 20, cut to 1,000 characters). */
  | { state: 'ended'; status: EndStatus; messages: string[] }
  /** `waiting` or `processing` (or a status BCS may add later): look again. */
  | { state: 'running'; status: string }
  /** No such record (`count: 0`): not known yet, never a failure. */
  | { state: 'not-known' };

const MAX_MESSAGES = 20;
const MAX_MESSAGE_LENGTH = 1000;

/**
 * Reads what a ListOpRecord body (`{"count", "operation_records": [...]}`) says of the
 * operation `operationId`, from the record `findOperationRecord` finds: only its
 * `operation_status` and `message` are read. No record with that id (`count: 0`) is
 * `not-known`, never an end; `finished`, `failed` and `stop` are ends; any other status is
 * still `running`. Returns `undefined` for a body that is not such an answer (no JSON object,
 * no `operation_records` list, a record without a string status), which the caller treats as
 * "look again later".
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
  const record = findOperationRecord(body, operationId);
  if (record === null) return undefined;
  if (record === undefined) return { state: 'not-known' };
  const status = record.operation_status;
  if (!(END_STATUSES as readonly string[]).includes(status)) return { state: 'running', status };
  return {
    state: 'ended',
    status: status as EndStatus,
    messages: recordMessages(record)
      .slice(0, MAX_MESSAGES)
      .map((message) => message.slice(0, MAX_MESSAGE_LENGTH)),
  };
};
