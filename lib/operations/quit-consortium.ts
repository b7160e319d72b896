import { quitConsortiumRequest } from '../bcs/requests.ts';
import { authToken } from '../schemas/field-rules.ts';
import { quitConsortiumBody, quitConsortiumPath } from '../schemas/quit-consortium.ts';
import { lazy, type OutputOf, object, optional } from '../schemas/schema.ts';
import type { Operation } from './operation.ts';

const schema = lazy(() =>
  object({
    path: quitConsortiumPath,
    body: quitConsortiumBody,
    'X-Auth-Token': optional(authToken()),
  }),
);

/** The invitee quits a consortium: `PUT /v2/{project_id}/members/quit`. */
export const quitConsortium: Operation<OutputOf<typeof schema>> = {
  name: 'quit-consortium',
  schema,
  projectId: (input) => input.path.project_id,
  toBcsRequest: quitConsortiumRequest,
};
