import type { AccessKeyStore } from './access-keys.ts';
import { type AkskCheck, authenticateAksk } from './aksk.ts';
import {
  BcsError,
  type BcsState,
  type QuitConsortiumBody,
  type RecordFilter,
} from './bcs-state.ts';
import type { Clock } from './clock.ts';
import { gatewayAuthError } from './gateway-errors.ts';
import { type IncomingCall, jsonReply, jsonTextReply, type Reply, splitPath } from './http.ts';
import { toJsonText } from './json-text.ts';
import { OPERATION_STATUSES, type OperationStatus } from './operation-records.ts';
import type { TokenStore } from './tokens.ts';

/** What the BCS handler works on. */
export interface BcsContext {
  state: BcsState;
  tokens: TokenStore;
  accessKeys: AccessKeyStore;
  clock: Clock;
  /** Told what the gateway made of an AK/SK-signed request. */
  onAksk?: (check: AkskCheck) => void;
}

type Route =
  | { name: 'quitConsortium'; projectId: string }
  | { name: 'removeOrgs'; projectId: string; blockchainId: string; channelName: string }
  | { name: 'operationRecord'; projectId: string };

const QUIT_FIELDS = [
  'inviter_bcsid',
  'inviter_projectid',
  'inviter_domainid',
  'inviter_username',
  'channel_name',
  'invitee_bcsid',
  'invitee_projectid',
  'invitee_domainid',
] as const;

function bcsError(status: number, code: string, message: string): Reply {
  return jsonReply(status, { error_code: code, error_msg: message });
}

function decodeSegments(pathname: string): string[] | undefined {
  try {
    return pathname.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

function matchRoute(method: string, pathname: string): Route | undefined {
  const segments = decodeSegments(pathname);
  if (segments === undefined || segments.some((s) => s === '') || segments[0] !== 'v2') return;
  const [, projectId = '', ...rest] = segments;
  const tail = rest.join('/');
  if (method === 'PUT' && rest.length === 2 && tail === 'members/quit') {
    return { name: 'quitConsortium', projectId };
  }
  if (method === 'GET' && rest.length === 2 && tail === 'operation/record') {
    return { name: 'operationRecord', projectId };
  }
  const [blockchains, blockchainId = '', channelName = '', orgs, quit] = rest;
  if (method === 'PUT' && rest.length === 5 && blockchains === 'blockchains' && orgs === 'orgs') {
    if (quit === 'quit') return { name: 'removeOrgs', projectId, blockchainId, channelName };
  }
  return undefined;
}

function parseObject(body: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new BcsError(400, 'BCS.4006009', 'The request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BcsError(400, 'BCS.4006009', 'The request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function missing(field: string): BcsError {
  return new BcsError(400, 'BCS.4006009', `The required parameter ${field} is missing`);
}

function parseQuitBody(body: string): QuitConsortiumBody {
  const object = parseObject(body);
  for (const field of QUIT_FIELDS) {
    const value = object[field];
    if (value === undefined || value === null || value === '') throw missing(field);
    if (typeof value !== 'string') {
      throw new BcsError(400, 'BCS.4006009', `The parameter ${field} must be a string`);
    }
  }
  return object as unknown as QuitConsortiumBody;
}

function parseOrgNames(body: string): string[] {
  const orgNames = parseObject(body).org_names;
  if (orgNames === undefined || orgNames === null) throw missing('org_names');
  if (!Array.isArray(orgNames)) {
    throw new BcsError(400, 'BCS.4006009', 'The parameter org_names must be an array of strings');
  }
  if (orgNames.length === 0) throw missing('org_names');
  if (orgNames.some((name) => typeof name !== 'string' || name === '')) {
    throw new BcsError(400, 'BCS.4006009', 'Every org_names entry must be a non-empty string');
  }
  return orgNames as string[];
}

function forbidden(projectId: string): Reply {
  return bcsError(403, 'BCS.4030403', `forbidden to project ${projectId}`);
}

function authorizeToken(token: string, route: Route, ctx: BcsContext): Reply | undefined {
  const issued = ctx.tokens.resolve(token);
  if (issued === undefined) {
    return bcsError(401, 'BCS.4010401', 'Incorrect token or token resolution failed');
  }
  if (issued.subject.project?.id !== route.projectId) return forbidden(route.projectId);
  return undefined;
}

// X-Project-Id picks the project the key acts in (the SDKs send the path's); without it, any
// project of the key's account.
function authorizeAccessKey(call: IncomingCall, route: Route, ctx: BcsContext): Reply | undefined {
  const request = {
    method: call.method,
    rawPath: call.path,
    headers: call.headers,
    body: call.rawBody,
  };
  const outcome = authenticateAksk(request, ctx.accessKeys, ctx.clock());
  ctx.onAksk?.(outcome.check);
  if (outcome.refusal !== undefined) return outcome.refusal;
  const projectHeader = call.headers['x-project-id'];
  if (projectHeader !== undefined && projectHeader !== route.projectId) {
    return forbidden(route.projectId);
  }
  if (!outcome.key.owner.projectIds.includes(route.projectId)) return forbidden(route.projectId);
  return undefined;
}

// An X-Auth-Token wins; otherwise an AK/SK signature; otherwise Huawei's API gateway refuses
// the request itself, with its own code and a request_id in the body.
function authorize(call: IncomingCall, route: Route, ctx: BcsContext): Reply | undefined {
  const token = call.headers['x-auth-token'];
  if (token !== undefined && token !== '') return authorizeToken(token, route, ctx);
  if (call.headers.authorization !== undefined) return authorizeAccessKey(call, route, ctx);
  return gatewayAuthError('x-auth-token not found');
}

function perform(route: Route, call: IncomingCall, state: BcsState): Reply {
  switch (route.name) {
    case 'quitConsortium': {
      const operationId = state.quitConsortium(route.projectId, parseQuitBody(call.body));
      return jsonReply(200, { result: 'success', operation_id: operationId });
    }
    case 'removeOrgs': {
      const orgNames = parseOrgNames(call.body);
      const { projectId, blockchainId, channelName } = route;
      const operationId = state.removeOrgs(projectId, blockchainId, channelName, orgNames);
      return jsonReply(200, { operation_id: operationId });
    }
    case 'operationRecord': {
      const filter = parseRecordQuery(splitPath(call.path).query);
      const records = state.findRecords(route.projectId, filter);
      return jsonTextReply(200, toJsonText({ count: records.length, operation_records: records }));
    }
  }
}

function isOperationStatus(value: string): value is OperationStatus {
  return (OPERATION_STATUSES as readonly string[]).includes(value);
}

// BCS's code for a bad operation_status is not documented: BCS.4006001 is ours, in the family
// of its parameter errors (BCS.4006003, BCS.4006009, ...).
function parseRecordQuery(query: URLSearchParams): RecordFilter {
  const filter: RecordFilter = {};
  const status = query.get('operation_status');
  if (status !== null) {
    if (!isOperationStatus(status)) {
      throw new BcsError(
        400,
        'BCS.4006001',
        `Invalid parameter operation_status: must be one of ${OPERATION_STATUSES.join(', ')}`,
      );
    }
    filter.status = status;
  }
  const fields = [
    ['operation_id', 'operationId'],
    ['blockchain_id', 'blockchainId'],
    ['resource_type', 'resourceType'],
    ['operation_type', 'operationType'],
  ] as const;
  for (const [name, key] of fields) {
    const value = query.get(name);
    if (value !== null) filter[key] = value;
  }
  return filter;
}

/**
 * Answers a BCS request: route (404), token or AK/SK signature (401), project (403), then the
 * operation itself.
 *
 * @example
 * const reply = handleBcs(call, { state, tokens, accessKeys, clock: systemClock });
 */
export function handleBcs(call: IncomingCall, ctx: BcsContext): Reply {
  const route = matchRoute(call.method, splitPath(call.path).pathname);
  if (route === undefined) return bcsError(404, 'BCS.4040404', 'Not Found:the url is not found');
  const refusal = authorize(call, route, ctx);
  if (refusal !== undefined) return refusal;
  try {
    return perform(route, call, ctx.state);
  } catch (error) {
    if (error instanceof BcsError) return bcsError(error.status, error.code, error.message);
    throw error;
  }
}
