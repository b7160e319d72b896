import { listOperationRecordsRequest } from '../bcs/requests.ts';
import { allowedProjectIds } from '../config/config.ts';
import type { Operation } from '../operations/operation.ts';
import { admitRequest } from '../pipeline/admit-request.ts';
import { type RequestPipeline, sharedRequestPipeline } from '../pipeline/request-pipeline.ts';
import { pathSegment } from '../schemas/field-rules.ts';
import type { ListOperationRecordsInput } from '../schemas/list-operation-records.ts';
import { exactObject, lazy, object } from '../schemas/schema.ts';

/**
 * Reads BCS's operation records of one operation (ListOpRecord,
 * `GET /v2/{project_id}/operation/record?operation_id=…`): BCS's status and its body exactly
 * as sent. Throws when there is no BCS answer (unreachable, too slow for `signal`), or for a
 * project this deployment does not serve (`BCSGW.4030001`).
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
  // Stryker disable next-line StringLiteral: nothing reads this name: the tracker's reader goes through admitRequest and callBcs, which neither log nor settle it.
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
 * The deployed {@link OperationRecordsReader}: ListOpRecord through the request pipeline, as
 * the GET route runs it (`admitRequest`, then `callBcs`): the same service credentials,
 * allowed-project check (`ALLOWED_PROJECT_IDS`), IAM sign-in and token cache as every other
 * BCS call of the container.
 *
 * @example
 * ```ts
 * const read = pipelineRecordsReader();
 * const { status, body } = await read(projectId, 'BCSSVC01-06-1624275286218943067', signal);
 * ```
 */
export const pipelineRecordsReader =
  (pipeline: () => RequestPipeline = sharedRequestPipeline): OperationRecordsReader =>
  async (projectId, operationId, signal) => {
    const { config, callBcs } = pipeline();
    const { status, body } = await callBcs(
      admitRequest(
        listOneOperationRecord,
        { path: { project_id: projectId }, query: { operation_id: operationId }, body: undefined },
        allowedProjectIds(config),
      ),
      signal,
    );
    return { status, body };
  };
