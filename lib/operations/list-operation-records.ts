import { listOperationRecordsRequest, OPERATION_RECORDS_PATH } from '../bcs/requests.ts';
import { authToken } from '../schemas/field-rules.ts';
import {
  type ListOperationRecordsInput,
  operationRecordPath,
  operationRecordQuery,
} from '../schemas/list-operation-records.ts';
import { lazy, object, optional } from '../schemas/schema.ts';
import type { CommandSpec, HttpRoute } from './caller-facts.ts';
import type { Operation } from './operation.ts';

/**
 * BCS's ListOpRecord: `GET /v2/{project_id}/operation/record`, how the operations of a project
 * stand. Its raw input is `{ path: { project_id }, query }`, `query` being the raw query
 * string as the caller sent it or its parameters already decoded, with the caller's own
 * `X-Auth-Token` if it sent one. BCS's answer is passed on as BCS sent it (its step times are
 * integers beyond 2^53: never parse and write it again).
 *
 * @example
 * ```ts
 * const { config, callBcs } = sharedRequestPipeline();
 * const raw = { path: { project_id }, query: { operation_id }, body: undefined };
 * const res = await callBcs(admitRequest(listOperationRecords, raw, allowedProjectIds(config)), signal);
 * res.body; // '{"count": 1, "operation_records": [...]}', byte for byte
 * ```
 */
export const listOperationRecords: Operation<
  ListOperationRecordsInput & { 'X-Auth-Token'?: string | undefined }
> = {
  name: 'list-operation-records',
  schema: /* @__PURE__ */ lazy(() =>
    object({
      path: operationRecordPath,
      query: operationRecordQuery,
      'X-Auth-Token': optional(authToken()),
    }),
  ),
  projectId: (input) => input.path.project_id,
  toBcsRequest: listOperationRecordsRequest,
};

// How callers ask for it (catalogue.ts lists it): over HTTP, and from Slack for one operation
// (`status`, answered by slack-status). It changes nothing, so neither the offboarding queue
// nor EventBridge runs it, and nothing tracks it.

/** Its route, BCS's own path, served by `functions/http-operation-record.ts`. */
export const listOperationRecordsRoute: HttpRoute = {
  method: 'GET',
  path: OPERATION_RECORDS_PATH,
  functionName: 'http-operation-record',
  operation: listOperationRecords,
};

/**
 * `/bcs-offboard status <operation_id> [project=<id>]`: how one operation stands. The id is
 * required (ListOpRecord without one would list every operation of the project); the project
 * defaults to ours, as every command's `project=` does.
 */
export const listOperationRecordsCommand: CommandSpec = {
  name: 'status',
  aliases: [],
  operation: listOperationRecords,
  summary: "how an operation stands in BCS: its status, its steps and BCS's messages",
  keys: [
    {
      key: 'operation-id',
      placeholder: '<operation_id>',
      field: 'query.operation_id',
      positional: true,
    },
    { key: 'project', placeholder: '<id>', field: 'path.project_id', defaultFrom: 'projectId' },
  ],
  fixed: [],
  reads: true,
};
