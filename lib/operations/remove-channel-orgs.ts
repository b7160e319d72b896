import { removeChannelOrgsRequest } from '../bcs/requests.ts';
import { authToken } from '../schemas/field-rules.ts';
import { removeChannelOrgsBody, removeChannelOrgsPath } from '../schemas/remove-channel-orgs.ts';
import { lazy, type OutputOf, object, optional } from '../schemas/schema.ts';
import type { Operation } from './operation.ts';

const schema = lazy(() =>
  object({
    path: removeChannelOrgsPath,
    body: removeChannelOrgsBody,
    'X-Auth-Token': optional(authToken()),
  }),
);

/** Remove organizations from a channel: `PUT /v2/{project_id}/blockchains/{blockchain_id}/{channel_id}/orgs/quit`. */
export const removeChannelOrgs: Operation<OutputOf<typeof schema>> = {
  name: 'remove-channel-orgs',
  schema,
  projectId: (input) => input.path.project_id,
  toBcsRequest: removeChannelOrgsRequest,
};
