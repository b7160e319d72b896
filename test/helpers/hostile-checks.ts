/**
 * The checks the hostile-input properties make after every run: is each request the
 * simulator received one bcs-offboard may send, is each failure in the one error shape, and
 * did anything leak into a prototype. Each returns the problems it found (empty: none), so
 * that a failing property prints them all.
 */
import { encodeSegment } from '../../lib/bcs/requests.ts';
import { GatewayError } from '../../lib/errors/gateway-error.ts';
import { authToken, pathSegment } from '../../lib/schemas/field-rules.ts';
import { quitConsortiumBody } from '../../lib/schemas/quit-consortium.ts';
import { removeChannelOrgsBody } from '../../lib/schemas/remove-channel-orgs.ts';
import { type Schema, safeParse } from '../../lib/schemas/schema.ts';
import { validate } from '../../lib/schemas/validate.ts';
import type { RecordedRequest } from '../../simulator/index.ts';
import { POLLUTION_KEY } from './hostile-arbitraries.ts';

/** A BCS request the simulator received, read back: which operation, its path and its body. */
export interface SentOperation {
  operation: 'quit-consortium' | 'remove-channel-orgs';
  path: Record<string, string>;
  body: unknown;
  token: string | undefined;
}

const QUIT_ROUTE = /^\/v2\/([^/]+)\/members\/quit$/;
const REMOVE_ORGS_ROUTE = /^\/v2\/([^/]+)\/blockchains\/([^/]+)\/([^/]+)\/orgs\/quit$/;
/** A segment as `encodeSegment` writes it: unreserved characters and upper-case escapes. */
const ENCODED_SEGMENT = /^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})+$/;

/**
 * What is wrong with a request the simulator received, for a function configured with
 * `endpoint` as both BCS and IAM endpoint: BCS gets only the two documented `PUT`s, each path
 * segment canonically percent-encoded and valid once decoded, a body valid for the
 * operation's schema, a valid token; IAM gets only the documented password sign-in.
 */
export const problemsOfUpstreamRequest = (request: RecordedRequest, endpoint: string): string[] => {
  const problems: string[] = [];
  const host = new URL(endpoint).host;
  if (request.headers.host !== host) problems.push(`sent to host ${request.headers.host}`);
  if (request.service === 'iam') return [...problems, ...problemsOfSignIn(request)];
  const sent = readOperation(request);
  if (typeof sent === 'string') return [...problems, sent];
  if (request.method !== 'PUT') problems.push(`BCS got ${request.method}, not PUT`);
  if (request.headers['content-type'] !== 'application/json;charset=UTF-8') {
    problems.push(`BCS got content-type ${request.headers['content-type']}`);
  }
  if (!safeParse(authToken(), sent.token).success) problems.push('BCS got an invalid token');
  const body: Schema<unknown> =
    sent.operation === 'quit-consortium' ? quitConsortiumBody : removeChannelOrgsBody;
  problems.push(...schemaProblems(body, sent.body, 'body'));
  return problems;
};

/** The operation a BCS request carries, or why it is not one of ours. */
export const readOperation = (request: RecordedRequest): SentOperation | string => {
  const quit = QUIT_ROUTE.exec(request.path);
  const removeOrgs = REMOVE_ORGS_ROUTE.exec(request.path);
  const [operation, names, match] = quit
    ? (['quit-consortium', ['project_id'], quit] as const)
    : removeOrgs
      ? ([
          'remove-channel-orgs',
          ['project_id', 'blockchain_id', 'channel_id'],
          removeOrgs,
        ] as const)
      : [undefined, [], undefined];
  if (operation === undefined || match === undefined) {
    return `BCS got a path off the two routes: ${JSON.stringify(request.path)}`;
  }
  const path: Record<string, string> = {};
  for (const [index, name] of names.entries()) {
    const segment = match[index + 1] ?? '';
    if (!ENCODED_SEGMENT.test(segment)) return `BCS got a segment not percent-encoded: ${segment}`;
    const decoded = decodeURIComponent(segment);
    if (!safeParse(pathSegment(), decoded).success || encodeSegment(decoded) !== segment) {
      return `BCS got an invalid ${name}: ${JSON.stringify(decoded)}`;
    }
    path[name] = decoded;
  }
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return 'BCS got a body that is not JSON';
  }
  return { operation, path, body, token: request.headers['x-auth-token'] };
};

const problemsOfSignIn = (request: RecordedRequest): string[] => {
  const problems: string[] = [];
  if (request.method !== 'POST' || request.path !== '/v3/auth/tokens?nocatalog=true') {
    problems.push(`IAM got ${request.method} ${request.path}`);
  }
  if (request.headers['content-type'] !== 'application/json;charset=utf8') {
    problems.push(`IAM got content-type ${request.headers['content-type']}`);
  }
  let body: { auth?: { identity?: { methods?: unknown }; scope?: { project?: { id?: unknown } } } };
  try {
    body = JSON.parse(request.body);
  } catch {
    return [...problems, 'IAM got a body that is not JSON'];
  }
  if (JSON.stringify(body.auth?.identity?.methods) !== '["password"]') {
    problems.push('IAM got a sign-in that is not the password method');
  }
  if (!safeParse(pathSegment(), body.auth?.scope?.project?.id).success) {
    problems.push(`IAM got an invalid project scope: ${JSON.stringify(body.auth?.scope)}`);
  }
  return problems;
};

const schemaProblems = (schema: Schema<unknown>, value: unknown, what: string): string[] => {
  try {
    validate(schema, value);
    return [];
  } catch (error) {
    if (error instanceof GatewayError) return [`${what}: ${error.message}`];
    throw error;
  }
};

/** An answer as the functions return it: API Gateway's structured result. */
export interface Answer {
  statusCode?: number;
  headers?: Record<string, unknown>;
  body?: string;
}

/**
 * What is wrong with a failure's answer: a JSON content type, a body with `error_code` (8 to 36
 * characters) and `error_msg` (2 to 512); our own codes `BCSGW.<status><4 digits>` with the
 * answer's status and nothing else in the body.
 */
export const problemsOfErrorAnswer = (answer: Answer): string[] => {
  const problems: string[] = [];
  if (!/^application\/json/.test(String(answer.headers?.['content-type']))) {
    problems.push(`content-type ${String(answer.headers?.['content-type'])}`);
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(answer.body ?? '');
  } catch {
    return [...problems, `a body that is not JSON: ${answer.body?.slice(0, 100)}`];
  }
  problems.push(...problemsOfErrorFields(body));
  const code = String(body.error_code);
  if (code.startsWith('BCSGW.')) {
    if (code.slice(6, 9) !== String(answer.statusCode)) {
      problems.push(`${code} answered with status ${answer.statusCode}`);
    }
    const keys = Object.keys(body).sort().join(',');
    if (keys !== 'error_code,error_msg') problems.push(`an error body with keys ${keys}`);
  }
  return problems;
};

/** What is wrong with `{error_code, error_msg}` wherever it appears (answers, outcomes). */
export const problemsOfErrorFields = (fields: Record<string, unknown>): string[] => {
  const problems: string[] = [];
  const { error_code: code, error_msg: message } = fields;
  if (typeof code !== 'string' || code.length < 8 || code.length > 36) {
    problems.push(`error_code ${JSON.stringify(code)}`);
  }
  if (typeof message !== 'string' || message.length < 2 || message.length > 512) {
    problems.push(
      `error_msg of ${typeof message === 'string' ? `${message.length} characters` : typeof message}`,
    );
  }
  return problems;
};

/** Our own errors that say the input was refused: nothing may have reached BCS for them. */
export const INPUT_REFUSALS: ReadonlySet<string> = new Set([
  'BCSGW.4000001',
  'BCSGW.4000002',
  'BCSGW.4030001',
  'BCSGW.4130001',
  'BCSGW.4150001',
]);

const WATCHED: readonly (readonly [string, object])[] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Error.prototype', Error.prototype],
  ['Object', Object],
  ['Array', Array],
  ['JSON', JSON],
];

/** The own keys of the built-ins a pollution would change, to compare after a run. */
export const prototypeSnapshot = (): Map<string, readonly PropertyKey[]> =>
  new Map(WATCHED.map(([name, target]) => [name, Reflect.ownKeys(target)]));

/** Keys added to a watched built-in since `snapshot`, and any key a fresh object inherits. */
export const pollutionSince = (snapshot: Map<string, readonly PropertyKey[]>): string[] => {
  const found: string[] = [];
  for (const [name, target] of WATCHED) {
    const before = new Set(snapshot.get(name));
    for (const key of Reflect.ownKeys(target)) {
      if (!before.has(key)) found.push(`${name}.${String(key)}`);
    }
  }
  const fresh: Record<string, unknown> = {};
  if (fresh[POLLUTION_KEY] !== undefined) found.push(`({}).${POLLUTION_KEY}`);
  if (([] as unknown as Record<string, unknown>)[POLLUTION_KEY] !== undefined) {
    found.push(`[].${POLLUTION_KEY}`);
  }
  for (const key in fresh) found.push(`({}) inherits ${key}`);
  if (Object.getPrototypeOf(fresh) !== Object.prototype) found.push('({}) has another prototype');
  return found;
};
