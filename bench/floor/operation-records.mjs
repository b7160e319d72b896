/**
 * The floors' ListOpRecord: one `GET /v2/{project_id}/operation/record?<query>` with the
 * container's token (bench/floor/sign-in.mjs), as bare as our own, and the one record of an
 * operation in its answer.
 */
import { signedInToken } from './sign-in.mjs';

/** BCS's answer to ListOpRecord in `projectId` for `query` (as the caller wrote it). */
export const operationRecords = async (projectId, query) => {
  const env = process.env;
  const token = await signedInToken(env, projectId);
  return fetch(`${env.BCS_ENDPOINT}/v2/${projectId}/operation/record?${query}`, {
    headers: { 'X-Auth-Token': token },
  });
};

/** The record of `operationId` in BCS's answer to ListOpRecord of that one operation, if any. */
export const recordOf = async (projectId, operationId) => {
  const response = await operationRecords(
    projectId,
    `operation_id=${encodeURIComponent(operationId)}`,
  );
  const answer = await response.json();
  return answer.operation_records?.find((record) => record.operation_id === operationId);
};
