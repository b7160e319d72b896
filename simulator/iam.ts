import { type IncomingCall, jsonReply, type Reply, splitPath } from './http.ts';
import type { SeedAccount } from './seed.ts';
import { huaweiTime, type TokenStore, type TokenSubject } from './tokens.ts';

/** What the IAM handler works on. */
export interface IamContext {
  accounts: readonly SeedAccount[];
  tokens: TokenStore;
}

interface NameOrId {
  name?: string;
  id?: string;
}

interface SignInRequest {
  userName: string;
  password: string;
  userDomain: NameOrId;
  scope: { project: NameOrId } | { domain: NameOrId } | undefined;
}

// IAM has two error shapes; clients must read both.
function iamError(status: number, title: string, message: string): Reply {
  return jsonReply(status, { error: { code: status, message, title } });
}

function invalidBody(): Reply {
  return jsonReply(400, { error_code: 'IAM.0011', error_msg: 'Request body is invalid.' });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nameOrId(value: unknown, where: string): NameOrId {
  if (!isRecord(value)) throw new TypeError(`${where} must be an object`);
  const { name, id } = value;
  if (typeof name === 'string' && name !== '') return { name };
  if (typeof id === 'string' && id !== '') return { id };
  throw new TypeError(`${where} needs a name or an id`);
}

function parseSignIn(body: string): SignInRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new TypeError('The request body is not valid JSON.');
  }
  const auth = isRecord(parsed) ? parsed.auth : undefined;
  const identity = isRecord(auth) ? auth.identity : undefined;
  if (!isRecord(auth) || !isRecord(identity)) throw new TypeError('auth.identity is required');
  const { methods, password } = identity;
  if (!Array.isArray(methods) || methods.length !== 1 || methods[0] !== 'password') {
    throw new TypeError('auth.identity.methods must be ["password"]');
  }
  const user = isRecord(password) ? password.user : undefined;
  if (!isRecord(user) || typeof user.name !== 'string' || user.name === '') {
    throw new TypeError('auth.identity.password.user.name is required');
  }
  if (typeof user.password !== 'string' || user.password === '') {
    throw new TypeError('auth.identity.password.user.password is required');
  }
  const userDomain = nameOrId(user.domain, 'auth.identity.password.user.domain');
  const { scope } = auth;
  if (scope === undefined)
    return { userName: user.name, password: user.password, userDomain, scope };
  if (!isRecord(scope)) throw new TypeError('auth.scope must be an object');
  const scoped =
    scope.project !== undefined
      ? { project: nameOrId(scope.project, 'auth.scope.project') }
      : { domain: nameOrId(scope.domain, 'auth.scope.domain') };
  return { userName: user.name, password: user.password, userDomain, scope: scoped };
}

function matches(ref: NameOrId, candidate: { id: string; name: string }): boolean {
  return ref.id !== undefined ? ref.id === candidate.id : ref.name === candidate.name;
}

function signIn(call: IncomingCall, ctx: IamContext, nocatalog: boolean): Reply {
  const contentType = call.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    return iamError(400, 'Bad Request', 'The Content-Type must be application/json.');
  }
  let request: SignInRequest;
  try {
    request = parseSignIn(call.body);
  } catch (error) {
    return iamError(400, 'Bad Request', (error as Error).message);
  }
  const account = ctx.accounts.find((a) =>
    matches(request.userDomain, { id: a.domainId, name: a.domainName }),
  );
  const user = account?.users.find((u) => u.name === request.userName);
  if (account === undefined || user === undefined || user.password !== request.password) {
    return iamError(401, 'Unauthorized', 'The username or password is wrong.');
  }
  const domain = { id: account.domainId, name: account.domainName };
  const subject: TokenSubject = { user: { id: user.id, name: user.name }, domain };
  const { scope } = request;
  if (scope !== undefined && 'project' in scope) {
    const project = account.projects.find((p) => matches(scope.project, p));
    if (project === undefined) return invalidBody();
    subject.project = { id: project.id, name: project.name };
  } else if (scope !== undefined && !matches(scope.domain, domain)) {
    return invalidBody();
  }
  const issued = ctx.tokens.issue(subject);
  const token = {
    expires_at: huaweiTime(issued.expiresAt),
    issued_at: huaweiTime(issued.issuedAt),
    methods: ['password'],
    ...(nocatalog ? {} : { catalog: [] }),
    ...(subject.project !== undefined ? { project: { ...subject.project, domain } } : {}),
    ...(scope !== undefined && 'domain' in scope ? { domain } : {}),
    user: { ...subject.user, domain, password_expires_at: '' },
  };
  return jsonReply(201, { token }, { 'X-Subject-Token': issued.token });
}

/**
 * Answers an IAM request: only `POST /v3/auth/tokens` (password method) exists.
 *
 * @example
 * const reply = handleIam(call, { accounts: seed.accounts, tokens });
 */
export function handleIam(call: IncomingCall, ctx: IamContext): Reply {
  const { pathname, query } = splitPath(call.path);
  if (pathname === '/v3/auth/tokens' && call.method === 'POST') {
    return signIn(call, ctx, query.get('nocatalog') === 'true');
  }
  return iamError(404, 'Not Found', 'The resource could not be found.');
}
