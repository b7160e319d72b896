import * as ErrorCodes from '../errors/error-codes.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import type { Operation, RawOperationInput } from '../operations/operation.ts';
import { validate } from '../schemas/validate.ts';

/** The input every operation's schema yields: its own fields, and the caller's token if any. */
export type OperationInput = { 'X-Auth-Token'?: string | undefined };

/** A request past validation and the allowed-project check: the rest of the pipeline trusts it. */
export interface AdmittedRequest<I extends OperationInput = OperationInput> {
  operation: Operation<I>;
  /** The input as its schema returned it. */
  input: I;
  /** The project the operation acts in. */
  projectId: string;
}

/**
 * The first step of every caller's request: the input validated (the one time it is) and its
 * project checked against `ALLOWED_PROJECT_IDS`. Throws `BCSGW.4000001` naming every fault,
 * or `BCSGW.4030001` (see {@link refuseProjectNotAllowed}).
 *
 * @example
 * ```ts
 * const admitted = admitRequest(quitConsortium, { path, body }, allowedProjectIds(config));
 * ```
 */
export const admitRequest = <I extends OperationInput>(
  operation: Operation<I>,
  raw: RawOperationInput,
  allowedProjectIds: ReadonlySet<string> | undefined,
): AdmittedRequest<I> => {
  const input = validate(operation.schema, raw);
  const projectId = operation.projectId(input);
  refuseProjectNotAllowed(projectId, allowedProjectIds);
  return { operation, input, projectId };
};

/**
 * The one allowed-project check (`ALLOWED_PROJECT_IDS`; `undefined`: every project): throws
 * `BCSGW.4030001` for a project this deployment does not serve. The Slack command makes it
 * too, before it queues a run or shows a dry run.
 *
 * @example
 * ```ts
 * refuseProjectNotAllowed('p2', new Set(['p1'])); // throws BCSGW.4030001
 * ```
 */
export const refuseProjectNotAllowed = (
  projectId: string,
  allowedProjectIds: ReadonlySet<string> | undefined,
): void => {
  if (allowedProjectIds && !allowedProjectIds.has(projectId)) {
    throw new GatewayError(
      ErrorCodes.projectNotAllowed,
      `Project ${projectId} is not in this deployment's ALLOWED_PROJECT_IDS`,
    );
  }
};
