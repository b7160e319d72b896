/**
 * The floors' sign-in: one password sign-in to IAM per container, scoped to the project, with
 * no library, as bare as our own (see bench/floor/index.mjs). The password comes from the
 * Secrets Manager secret `HUAWEICLOUD_CREDENTIALS_SECRET` names, as deployed, or else from the
 * environment, as the functions read theirs.
 */
import { secretString } from './aws.mjs';

let token;

const credentials = async (env) => {
  if (!env.HUAWEICLOUD_CREDENTIALS_SECRET) {
    return {
      domain_name: env.HUAWEICLOUD_DOMAIN_NAME,
      user_name: env.HUAWEICLOUD_USER_NAME,
      password: env.HUAWEICLOUD_PASSWORD,
    };
  }
  return JSON.parse(await secretString(env.HUAWEICLOUD_CREDENTIALS_SECRET));
};

/** The token of this container, signing in on the first call. */
export const signedInToken = async (env, projectId) => {
  if (token === undefined) {
    const { domain_name, user_name, password } = await credentials(env);
    const signIn = await fetch(`${env.IAM_ENDPOINT}/v3/auth/tokens?nocatalog=true`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json;charset=utf8' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: user_name, password, domain: { name: domain_name } } },
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
