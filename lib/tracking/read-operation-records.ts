import { listOperationRecordsRequest } from '../bcs/requests.ts';
import { sharedOffboardService } from '../offboard-service.ts';
import type { Operation } from '../operations/operation.ts';
import { pathSegment } from '../schemas/field-rules.ts';
import type { ListOperationRecordsInput } from '../schemas/list-operation-records.ts';
import { exactObject, lazy, object } from '../schemas/schema.ts';

/**
 * Reads BCS's operation records of one operation (ListOpRecord,
 * `GET /v2/{project_id}/operation/record?operation_id=…`): BCS's status and its body exactly
 * as sent. Throws when there is no BCS answer (unreachable, too slow for `signal`).
 */
export type OperationRecordsReader = (
  projectId: string,
  operationId: string,
  signal: AbortSignal,
) => Promise<{ status: number; body: string }>;

/**
 * ListOpRecord of one operation, as the tracker asks it: the BCS request of
 * `listOperationRecords` (`listOperationRecordsRequest`: the same GET, signed and sent the
 * same way), with a schema for only what the tracker sends, `{ path: { project_id }, query: {
 * operation_id } }`, both already checked when its message was read. The route's validator of
 * any caller's query would cost the tracker's bundle 1.8 KB it does not have.
 */
export const listOneOperationRecord: Operation<
  ListOperationRecordsInput & { 'X-Auth-Token'?: string | undefined }
> = {
  name: 'list-operation-records',
  schema: /* @__PURE__ */ lazy(() =>
    object({
      path: exactObject({ project_id: pathSegment() }),
      query: exactObject({ operation_id: pathSegment() }),
    }),
  ),
  projectId: (input) => input.path.project_id,
  toBcsRequest: listOperationRecordsRequest,
};

/**
 * The deployed {@link OperationRecordsReader}: ListOpRecord through the container's offboard
 * service (the same credentials, project allow-list, sign-in and token cache as the PUTs).
 *
 * @example
 * ```ts
 * const { status, body } = await readOperationRecords(projectId, 'BCSSVC01-06-1624275286218943067', signal);
 * ```
 */
export const readOperationRecords: OperationRecordsReader = async (
  projectId,
  operationId,
  signal,
) => {
  const { status, body } = await sharedOffboardService().run(
    listOneOperationRecord,
    { path: { project_id: projectId }, query: { operation_id: operationId }, body: undefined },
    signal,
  );
  return { status, body };
};
