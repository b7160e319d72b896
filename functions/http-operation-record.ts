import { httpGetHandler } from '../lib/callers/http-get.ts';
import { listOperationRecords } from '../lib/operations/list-operation-records.ts';

/** `GET /v2/{project_id}/operation/record`: BCS's ListOpRecord, for admin callers. */
export const handler = httpGetHandler(listOperationRecords);
