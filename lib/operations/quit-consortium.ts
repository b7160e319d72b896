import * as v from 'valibot';
import { quitConsortiumRequest } from '../bcs/requests.ts';
import { authToken } from '../schemas/field-rules.ts';
import { quitConsortiumBody, quitConsortiumPath } from '../schemas/quit-consortium.ts';
import type { Operation } from './operation.ts';

const schema = v.object({
  path: quitConsortiumPath,
  body: quitConsortiumBody,
  'X-Auth-Token': v.optional(authToken()),
});

/** The invitee quits a consortium: `PUT /v2/{project_id}/members/quit`. */
export const quitConsortium: Operation<v.InferOutput<typeof schema>> = {
  name: 'quit-consortium',
  schema,
  projectId: (input) => input.path.project_id,
  toBcsRequest: quitConsortiumRequest,
};
