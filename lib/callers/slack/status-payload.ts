import { isJsonObject } from '../../json/json-object.ts';
import { MAX_QUERY_VALUE_LENGTH } from '../../schemas/list-operation-records.ts';
import { type CommandOrigin, refuseMalformed } from './invocation-payload.ts';

/**
 * What the command function hands the status function (as an asynchronous Lambda invocation)
 * for `/bcs-offboard status`. The status function checks it again: a payload is never
 * trusted, whoever may invoke the function.
 */
export interface StatusPayload extends CommandOrigin {
  /** Checked by ListOpRecord's own schema (`admitRequest`) before BCS is asked. */
  operation_id: string;
  /** Checked by ListOpRecord's own schema, then against `ALLOWED_PROJECT_IDS`. */
  project_id: string;
}

/** A value ListOpRecord's schema reads: a string, neither empty nor longer than any it takes. */
const isQueryValue = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_QUERY_VALUE_LENGTH;

/**
 * The payload in `event`, or a `GatewayError` (`BCSGW.4000001`) naming every field that is
 * missing or malformed. Only the payload's own fields are kept. An `operation_id` is required:
 * without one, ListOpRecord would list every operation of the project. (The values' own rules,
 * the route's, are applied by `admitRequest` with `listOperationRecords`.)
 *
 * @example
 * ```ts
 * readStatusPayload({ operation_id: 'BCSSVC01-06-1', project_id: 'p1', response_url, user_id: 'U1', team_id: 'T1', correlation_id });
 * readStatusPayload({ project_id: 'p1', ... }); // throws: operation_id: missing or malformed
 * ```
 */
export const readStatusPayload = (event: unknown): StatusPayload => {
  const payload = isJsonObject(event) ? event : {};
  const { operation_id, project_id, response_url, user_id, team_id, correlation_id } = payload;
  refuseMalformed(payload, {
    operation_id: isQueryValue(operation_id),
    project_id: isQueryValue(project_id),
  });
  return {
    operation_id,
    project_id,
    response_url,
    user_id,
    team_id,
    correlation_id,
  } as StatusPayload;
};
