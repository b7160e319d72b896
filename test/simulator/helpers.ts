import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  defaultSeed,
  exampleRequests,
  type Simulator,
  startSimulator,
} from '../../simulator/index.ts';
import {
  type SignedTestRequest,
  signTestRequest,
  type TestAccessKey,
  type UnsignedRequest,
} from '../helpers/sdk-hmac-sha256.ts';

export const demo = defaultSeed.demo;
export const inviter = defaultSeed.inviter;

/** The URL paths of the two operations for the demo account. */
export const quitPath = exampleRequests.quitConsortium.path;
export const removeOrgsPath = exampleRequests.removeChannelOrgs.path;

/** A valid quit body, with some fields replaced. */
export function quitBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...exampleRequests.quitConsortium.body, ...overrides };
}

/** The path of `PUT .../orgs/quit` for any blockchain and channel (each segment encoded). */
export function orgsQuitPath(
  projectId: string = demo.projectId,
  blockchainId: string = demo.blockchainId,
  channel: string = demo.channelName,
): string {
  const segments = [projectId, 'blockchains', blockchainId, channel, 'orgs', 'quit'];
  return `/v2/${segments.map(encodeURIComponent).join('/')}`;
}

interface SignInOptions {
  user?: string;
  password?: string;
  domain?: string;
  scope?: unknown;
}

/** The IAM password sign-in body of bcs-api.md (demo credentials unless overridden). */
export function signInBody(options: SignInOptions = {}): string {
  const user = {
    name: options.user ?? demo.userName,
    password: options.password ?? demo.password,
    domain: { name: options.domain ?? demo.domainName },
  };
  const scope = 'scope' in options ? options.scope : { project: { id: demo.projectId } };
  const auth = { identity: { methods: ['password'], password: { user } }, scope };
  return JSON.stringify({ auth });
}

/** POST /v3/auth/tokens?nocatalog=true with the given body. */
export function postSignIn(
  sim: Simulator,
  body: string,
  contentType = 'application/json;charset=utf8',
) {
  return fetch(`${sim.url}/v3/auth/tokens?nocatalog=true`, {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body,
  });
}

/** Signs in and returns the token (throws when IAM does not answer 201). */
export async function signIn(sim: Simulator, options: SignInOptions = {}): Promise<string> {
  const res = await postSignIn(sim, signInBody(options));
  const token = res.headers.get('x-subject-token');
  if (res.status !== 201 || token === null) throw new Error(`sign-in failed: ${res.status}`);
  return token;
}

/** The parsed answer of a BCS call. */
export interface BcsAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** Sends a BCS request; `body` is JSON-encoded unless it is already a string. */
export async function bcs(
  sim: Simulator,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<BcsAnswer> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json;charset=UTF-8' };
  if (options.token !== undefined) headers['X-Auth-Token'] = options.token;
  const init: RequestInit = { method, headers };
  if (options.body !== undefined) {
    init.body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  if (options.signal !== undefined) init.signal = options.signal;
  const res = await fetch(sim.url + path, init);
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as Record<string, unknown>,
  };
}

/** Huawei's operation id: resource type, operation type, 19 digits. */
export const OPERATION_ID = /^BCSSVC01-(03|06)-\d{19}$/;

/**
 * For a describe block of simulator tests: a simulator started before them, back to its seed
 * with a fresh demo token before each, stopped after. `ready` receives both before each test.
 *
 * @example
 * ```ts
 * let sim: Simulator;
 * let token: string;
 * useSignedInSimulator((started, signedIn) => {
 *   sim = started;
 *   token = signedIn;
 * });
 * ```
 */
export function useSignedInSimulator(ready: (sim: Simulator, token: string) => void): void {
  let sim: Simulator | undefined;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim?.stop());
  beforeEach(async () => {
    if (!sim) throw new Error('useSignedInSimulator(): the simulator did not start');
    sim.reset();
    ready(sim, await signIn(sim));
  });
}

/** Exactly what goes on the wire: method, raw path and query, headers (`Host` included), body. */
export interface RawRequest {
  method: string;
  path: string;
  headers: Readonly<Record<string, string>>;
  body?: Uint8Array;
}

/**
 * Sends a request as given (fetch would add headers and normalize the path) and parses the
 * JSON answer. Node adds only `Content-Length` and `Connection`, which no test signs.
 *
 * @example
 * ```ts
 * const res = await sendRaw(sim, { method: 'GET', path: '/v2/p/operation/record', headers: {} });
 * ```
 */
export function sendRaw(sim: Simulator, raw: RawRequest): Promise<BcsAnswer> {
  const { hostname, port } = new URL(sim.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, method: raw.method, path: raw.path, headers: raw.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (typeof value === 'string') headers.set(name, value);
          }
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers,
            body: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(raw.body === undefined || raw.body.length === 0 ? undefined : raw.body);
  });
}

/** The path segments of the two operations for the demo account (not encoded). */
export const quitSegments = ['v2', demo.projectId, 'members', 'quit'] as const;
export function removeOrgsSegments(channel: string = demo.channelName): string[] {
  return ['v2', demo.projectId, 'blockchains', demo.blockchainId, channel, 'orgs', 'quit'];
}

/**
 * A BCS request with the headers Huawei's SDKs sign: `Host`, `X-Project-Id` (the path's
 * project unless `projectId` says otherwise, none when null) and the JSON content type when
 * there is a body. `body` is JSON-encoded unless it is a string.
 *
 * @example
 * ```ts
 * const put = sdkRequest(sim, 'PUT', quitSegments, { body: quitBody() });
 * ```
 */
export function sdkRequest(
  sim: Simulator,
  method: string,
  segments: readonly string[],
  options: {
    body?: unknown;
    query?: readonly (readonly [string, string])[];
    projectId?: string | null;
  } = {},
): UnsignedRequest {
  const headers: Record<string, string> = { Host: new URL(sim.url).host };
  const projectId = options.projectId === undefined ? segments[1] : options.projectId;
  if (projectId !== null && projectId !== undefined) headers['X-Project-Id'] = projectId;
  const unsigned: UnsignedRequest = { method, segments, headers };
  if (options.query !== undefined) unsigned.query = options.query;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json;charset=UTF-8';
    unsigned.body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  return unsigned;
}

/** The signed request as it goes on the wire (to send as is, or to tamper with first). */
export function signedRaw(
  unsigned: UnsignedRequest,
  key: TestAccessKey,
  date: string,
): RawRequest & SignedTestRequest {
  return { method: unsigned.method, ...signTestRequest(unsigned, key, date) };
}

/** Signs `unsigned` with `key` at `date` and sends it. */
export function sendSigned(
  sim: Simulator,
  unsigned: UnsignedRequest,
  key: TestAccessKey,
  date: string,
): Promise<BcsAnswer> {
  return sendRaw(sim, signedRaw(unsigned, key, date));
}
