import { defaultSeed, type Simulator } from '../../simulator/index.ts';

/**
 * A token for the demo project, signed in directly with the simulator's IAM, as an admin
 * caller would get one before sending it as its own `X-Auth-Token`.
 *
 * @example
 * ```ts
 * const token = await callerToken(sim);
 * await handler(quitConsortiumEvent({ headers: { 'x-auth-token': token } }), lambdaContext());
 * ```
 */
export const callerToken = async (
  sim: Simulator,
  password: string = defaultSeed.demo.password,
): Promise<string> => {
  const { demo } = defaultSeed;
  const user = { name: demo.userName, password, domain: { name: demo.domainName } };
  const response = await fetch(`${sim.url}/v3/auth/tokens?nocatalog=true`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json;charset=utf8' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user } },
        scope: { project: { id: demo.projectId } },
      },
    }),
  });
  await response.arrayBuffer();
  const token = response.headers.get('x-subject-token');
  if (token === null) throw new Error(`the simulator refused the sign-in: ${response.status}`);
  return token;
};
