import type { ListOperationRecordsInput } from '../schemas/list-operation-records.ts';
import { QUIT_CONSORTIUM_FIELDS, type QuitConsortiumInput } from '../schemas/quit-consortium.ts';
import type { RemoveChannelOrgsInput } from '../schemas/remove-channel-orgs.ts';
import { encodeRfc3986 } from '../signing/canonical-request.ts';

/**
 * One BCS call, ready to send: the path and query already percent-encoded, the body serialized.
 * A GET has no body.
 */
export interface BcsRequest {
  method: 'PUT' | 'GET';
  path: string;
  /** The query, percent-encoded once, without its `?`; none (or empty) sends none. */
  query?: string;
  body?: string;
  /** The path's project, which an AK/SK-signed request names again in `X-Project-Id`. */
  projectId: string;
}

/** A PUT always has its body. */
export type PutRequest = BcsRequest & { method: 'PUT'; body: string };

/** BCS's path of "the invitee quits a consortium", our API's too: `{…}` is a path parameter. */
export const QUIT_CONSORTIUM_PATH = '/v2/{project_id}/members/quit';

/** BCS's path of "remove organizations from a channel" (`channel_id` is the channel's name). */
export const REMOVE_CHANNEL_ORGS_PATH =
  '/v2/{project_id}/blockchains/{blockchain_id}/{channel_id}/orgs/quit';

/** BCS's path of ListOpRecord, how the operations of a project stand. */
export const OPERATION_RECORDS_PATH = '/v2/{project_id}/operation/record';

/**
 * `template` with each `{name}` in it the path parameter of that name, percent-encoded
 * ({@link encodeSegment}).
 *
 * @example
 * ```ts
 * fillPath('/v2/{project_id}/x', { project_id: 'p 1' }); // '/v2/p%201/x'
 * ```
 */
export const fillPath = (template: string, path: object): string =>
  template.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeSegment((path as Record<string, string>)[name] as string),
  );

/**
 * The BCS request of a `PUT` on `template` ({@link fillPath}); the body carries `fields`
 * only, in their order.
 *
 * @example
 * ```ts
 * projectRequest('/v2/{project_id}/x', ['a'])({ path: { project_id: 'p 1' }, body: { a: 1, b: 2 } });
 * // { method: 'PUT', projectId: 'p 1', path: '/v2/p%201/x', body: '{"a":1}' }
 * ```
 */
export const projectRequest =
  <I extends { path: { project_id: string }; body: object }>(
    template: string,
    fields: readonly string[],
  ) =>
  ({ path, body }: I): PutRequest => ({
    method: 'PUT',
    projectId: path.project_id,
    path: fillPath(template, path),
    // The replacer's list picks the fields, in its order: nothing else is sent.
    body: JSON.stringify(body, fields as string[]),
  });

/**
 * `PUT /v2/{project_id}/members/quit`: the invitee quits a consortium. The body carries the
 * eight documented fields, in the documented order, and nothing else.
 *
 * @example
 * ```ts
 * quitConsortiumRequest({ path: { project_id: 'p1' }, body }).path; // '/v2/p1/members/quit'
 * ```
 */
export const quitConsortiumRequest = /* @__PURE__ */ projectRequest<QuitConsortiumInput>(
  QUIT_CONSORTIUM_PATH,
  QUIT_CONSORTIUM_FIELDS,
);

/**
 * `PUT /v2/{project_id}/blockchains/{blockchain_id}/{channel_id}/orgs/quit`: remove
 * organizations from a channel.
 *
 * @example
 * ```ts
 * removeChannelOrgsRequest({ path, body: { org_names: ['org1'] } }).body; // '{"org_names":["org1"]}'
 * ```
 */
export const removeChannelOrgsRequest = /* @__PURE__ */ projectRequest<RemoveChannelOrgsInput>(
  REMOVE_CHANNEL_ORGS_PATH,
  ['org_names'],
);

/**
 * `GET /v2/{project_id}/operation/record`: BCS's ListOpRecord. Each parameter given is sent
 * once, in the order given, its name and value percent-encoded once by the encoder the
 * signatures use (a space is `%20`, never `+`); none gives no query at all.
 *
 * @example
 * ```ts
 * listOperationRecordsRequest({ path: { project_id: 'p1' }, query: { operation_id: 'a b' } }).query;
 * // 'operation_id=a%20b'
 * ```
 */
export const listOperationRecordsRequest = ({
  path,
  query,
}: ListOperationRecordsInput): BcsRequest => ({
  method: 'GET',
  projectId: path.project_id,
  path: fillPath(OPERATION_RECORDS_PATH, path),
  query: Object.entries(query)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${encodeRfc3986(name)}=${encodeRfc3986(value)}`)
    .join('&'),
});

/**
 * RFC 3986 encoding of one path segment, as Huawei's Python SDK does (`/` included): every
 * character but the unreserved `A-Z a-z 0-9 - . _ ~` is percent-encoded, by the same encoder
 * the signatures use. Throws a `URIError` for a lone surrogate and a `TypeError` for an empty
 * or dot segment.
 *
 * @example
 * ```ts
 * encodeSegment('ch a/b'); // 'ch%20a%2Fb'
 * ```
 */
export const encodeSegment = (segment: string): string => {
  // '', '.' and '..' would change the path itself; validation refuses them, and so does the
  // client used on its own.
  if (segment === '' || segment === '.' || segment === '..') {
    throw new TypeError(`A path segment cannot be '${segment}'`);
  }
  return encodeRfc3986(segment);
};
