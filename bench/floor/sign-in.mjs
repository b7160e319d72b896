/**
 * The floors' sign-in: one password sign-in to IAM per container, scoped to the project, with
 * no library, as bare as our own (see bench/floor/index.mjs).
 */
let token;

/** The token of this container, signing in on the first call. */
export const signedInToken = async (env, projectId) => {
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
          scope: { project: { id: projectId } },
        },
      }),
    });
    await signIn.text(); // read the body, as ours do (it frees the connection too)
    token = signIn.headers.get('x-subject-token');
  }
  return token;
};
