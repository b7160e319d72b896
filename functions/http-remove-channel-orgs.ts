import { httpHandler } from '../lib/callers/http.ts';
import { removeChannelOrgs } from '../lib/operations/remove-channel-orgs.ts';

/** `PUT /v2/{project_id}/blockchains/{blockchain_id}/{channel_id}/orgs/quit`, for admin callers. */
export const handler = httpHandler(removeChannelOrgs);
