/**
 * The floor of the benchmark: the least an API Gateway v2 handler for "remove organizations
 * from a channel" can do. It makes the same two `fetch` calls as our functions (sign in to IAM
 * once per container, then PUT to BCS) with no library, no validation and no error mapping.
 * Not for deployment: it is what `npm run bench` compares each function with.
 */
let token; // one sign-in per container: warm calls make a single fetch, as ours do

export const handler = async (event) => {
  const env = process.env;
  const { project_id, blockchain_id, channel_id } = event.pathParameters;
  if (token === undefined) {
    const signIn = await fetch(`${env.IAM_ENDPOINT}/v3/auth/tokens?nocatalog=true`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json;charset=utf8' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: {
              user: {
                name: env.HUAWEICLOUD_USER_NAME,
                password: env.HUAWEICLOUD_PASSWORD,
                domain: { name: env.HUAWEICLOUD_DOMAIN_NAME },
              },
            },
          },
          scope: { project: { id: project_id } },
        },
      }),
    });
    await signIn.text(); // read the body, as ours do (it frees the connection too)
    token = signIn.headers.get('x-subject-token');
  }
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
