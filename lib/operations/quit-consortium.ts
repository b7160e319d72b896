import { quitConsortiumRequest } from '../bcs/requests.ts';
import { quitConsortiumBody, quitConsortiumPath } from '../schemas/quit-consortium.ts';
import { projectOperation } from './operation.ts';

/** The invitee quits a consortium: `PUT /v2/{project_id}/members/quit`. */
export const quitConsortium = /* @__PURE__ */ projectOperation(
  'quit-consortium',
  quitConsortiumPath,
  quitConsortiumBody,
  quitConsortiumRequest,
);
