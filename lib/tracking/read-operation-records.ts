import { sharedOffboardService } from '../offboard-service.ts';
import type { AnyOperation } from '../operations/catalogue.ts';
import type { RawOperationInput } from '../operations/operation.ts';

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
 * ListOpRecord as an Operation, `lib/operations/list-operation-records.ts`, which the branch
 * `route` adds (docs: the issue 13 contract). Merging it replaces this declaration with
 * `import { listOperationRecords } from '../operations/list-operation-records.ts';`. Until
 * then, a tracker built from this branch alone has no ListOpRecord to run: each look-up fails
 * (a ReferenceError), is logged and tried again later, until the maximum age ends it.
 */
declare const listOperationRecords: AnyOperation;

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
  const raw = {
    path: { project_id: projectId },
    query: { operation_id: operationId },
    body: undefined,
  };
  const { status, body } = await sharedOffboardService().run(
    listOperationRecords,
    raw as RawOperationInput,
    signal,
  );
  return { status, body };
};
