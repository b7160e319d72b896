/**
 * The floor of the benchmark: the least an API Gateway v2 handler for "remove organizations
 * from a channel" can do. It makes the same two `fetch` calls as our functions (sign in to IAM
 * once per container, then PUT to BCS) with no library, no validation and no error mapping.
 * Not for deployment: it is what `npm run bench` compares the HTTP functions with.
 */
import { signedInToken } from './sign-in.mjs';

export const handler = async (event) => {
  const env = process.env;
  const { project_id, blockchain_id, channel_id } = event.pathParameters;
  // one sign-in per container: warm calls make a single fetch, as ours do
  const token = await signedInToken(env, project_id);
  const path = `/v2/${project_id}/blockchains/${blockchain_id}/${channel_id}/orgs/quit`;
  const response = await fetch(`${env.BCS_ENDPOINT}${path}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json;charset=UTF-8', 'X-Auth-Token': token },
    body: event.body,
  });
  return {
    statusCode: response.status,
    headers: { 'content-type': 'application/json' },
    body: await response.text(),
  };
};
