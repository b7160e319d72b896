/**
 * The floor of the HTTP functions: the least an API Gateway v2 handler for "remove
 * organizations from a channel" can do. It makes the same calls as our functions (the
 * credentials from Secrets Manager when deployed, a sign-in to IAM once per container, then
 * the PUT to BCS) with no library, no validation and no error mapping.
 * Not for deployment: it is what `npm run bench` compares the HTTP functions with.
 */
import { removeOrgs } from './remove-orgs.mjs';

export const handler = async (event) => {
  const response = await removeOrgs(event.pathParameters, event.body);
  return {
    statusCode: response.status,
    headers: { 'content-type': 'application/json' },
    body: await response.text(),
  };
};
