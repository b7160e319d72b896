import { removeChannelOrgsRequest } from '../bcs/requests.ts';
import { removeChannelOrgsBody, removeChannelOrgsPath } from '../schemas/remove-channel-orgs.ts';
import { projectOperation } from './operation.ts';

/** Remove organizations from a channel: `PUT /v2/{project_id}/blockchains/{blockchain_id}/{channel_id}/orgs/quit`. */
export const removeChannelOrgs = /* @__PURE__ */ projectOperation(
  'remove-channel-orgs',
  removeChannelOrgsPath,
  removeChannelOrgsBody,
  removeChannelOrgsRequest,
);
