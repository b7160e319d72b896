/**
 * The floors' BCS call: "remove organizations from a channel", one `PUT` with the container's
 * token (bench/floor/sign-in.mjs), as bare as our own.
 */
import { signedInToken } from './sign-in.mjs';

/** BCS's answer to removing `body.org_names` from the channel `path` names. */
export const removeOrgs = async ({ project_id, blockchain_id, channel_id }, body) => {
  const env = process.env;
  const token = await signedInToken(env, project_id);
  const url = `${env.BCS_ENDPOINT}/v2/${project_id}/blockchains/${blockchain_id}/${channel_id}/orgs/quit`;
  return fetch(url, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json;charset=UTF-8', 'X-Auth-Token': token },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
};
