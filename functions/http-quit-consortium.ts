import { httpHandler } from '../lib/callers/http.ts';
import { quitConsortium } from '../lib/operations/quit-consortium.ts';

/** `PUT /v2/{project_id}/members/quit`, for admin callers behind API Gateway. */
export const handler = httpHandler(quitConsortium);
