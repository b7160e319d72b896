import { REMOVE_CHANNEL_ORGS_PATH, removeChannelOrgsRequest } from '../bcs/requests.ts';
import {
  type RemoveChannelOrgsInput,
  removeChannelOrgsBody,
  removeChannelOrgsPath,
} from '../schemas/remove-channel-orgs.ts';
import type { CommandSpec, HttpRoute, SlackWording } from './caller-facts.ts';
import { projectOperation } from './operation.ts';

/** Remove organizations from a channel: `PUT /v2/{project_id}/blockchains/{blockchain_id}/{channel_id}/orgs/quit`. */
export const removeChannelOrgs = /* @__PURE__ */ projectOperation(
  'remove-channel-orgs',
  removeChannelOrgsPath,
  removeChannelOrgsBody,
  removeChannelOrgsRequest,
);

// How each caller asks for it (catalogue.ts lists these).

/** Its route, BCS's own path, served by `functions/http-remove-channel-orgs.ts`. */
export const removeChannelOrgsRoute: HttpRoute = {
  method: 'PUT',
  path: REMOVE_CHANNEL_ORGS_PATH,
  functionName: 'http-remove-channel-orgs',
  operation: removeChannelOrgs,
};

/** `/bcs-offboard remove-orgs channel=<name> orgs=<org1,org2> …`, on our BCS instance by default. */
export const removeChannelOrgsCommand: CommandSpec = {
  name: 'remove-orgs',
  aliases: ['remove-channel-orgs'],
  operation: removeChannelOrgs,
  summary: 'removes organizations from a channel of our BCS instance (or of `blockchain=`)',
  keys: [
    { key: 'channel', placeholder: '<name>', field: 'path.channel_id' },
    { key: 'orgs', placeholder: '<org1,org2>', field: 'body.org_names', list: true },
    {
      key: 'blockchain',
      placeholder: '<id>',
      field: 'path.blockchain_id',
      defaultFrom: 'bcsInstanceId',
    },
    { key: 'project', placeholder: '<id>', field: 'path.project_id', defaultFrom: 'projectId' },
  ],
  fixed: [],
};

/** `remove `org1`, `org2` from channel `ch` of BCS instance `b1` (project `p1`)`. */
export const removeChannelOrgsWording: SlackWording<RemoveChannelOrgsInput> = (
  { path, body },
  code,
) =>
  `remove ${body.org_names.map(code).join(', ')} from channel ${code(path.channel_id)} of BCS ` +
  `instance ${code(path.blockchain_id)} (project ${code(path.project_id)})`;
