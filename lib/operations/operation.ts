import type { BcsRequest } from '../bcs/requests.ts';
import { authToken } from '../schemas/field-rules.ts';
import { lazy, object, optional, type Schema } from '../schemas/schema.ts';

/** What a caller hands over for one operation, before validation. */
export interface RawOperationInput {
  path: unknown;
  body: unknown;
  /** A GET's query: the raw query string as sent, or its parameters decoded. */
  query?: unknown;
  /** The caller's own `X-Auth-Token`, if it sent one: then it is used as is. */
  'X-Auth-Token'?: unknown;
}

/**
 * One BCS operation as every caller runs it: its schema, the project it acts in and the BCS
 * request it becomes.
 *
 * Adding an operation takes three places, and the type checker or a test names what is missing:
 * 1. its module in `lib/operations/` (see `quit-consortium.ts`): this object, its schemas and
 *    BCS request, and how each caller asks for it, next to it: its HTTP route (BCS's own path)
 *    and function name, its Slack command (verb, keys) and the words of its Slack replies;
 * 2. its entries in `catalogue.ts`, from which every caller's table is derived (the SQS
 *    `operation` names, the EventBridge detail-types, the Slack grammar and replies, the local
 *    gateway's routes);
 * 3. its function file, `functions/http-<name>.ts`.
 *
 * An operation served over HTTP only (ListOpRecord, which changes nothing) has a route and no
 * other entry. Deploying an operation also takes its function and route in serverless.yml, and
 * its detail-type in the EventBridge rule there; docs/openapi.json and the README describe it.
 * Tests hold serverless.yml and the local gateway to the catalogue.
 *
 * @example
 * ```ts
 * export const handler = httpHandler(removeChannelOrgs);
 * ```
 */
export interface Operation<
  I extends { 'X-Auth-Token'?: string | undefined },
  N extends string = string,
> {
  /** kebab-case, used in logs and events: `quit-consortium`. */
  name: N;
  schema: Schema<I>;
  projectId(input: I): string;
  toBcsRequest(input: I): BcsRequest;
}

/**
 * The {@link Operation} of a BCS call on a project's path: its input is the `path` and `body`
 * these schemas check, with the caller's own `X-Auth-Token` if it sent one; it acts in
 * `path.project_id`. Its schema is made on first use ({@link lazy}). Mark each call
 * `@__PURE__`, so that a bundle leaves out an operation it does not use.
 *
 * @example
 * ```ts
 * export const quitConsortium = projectOperation(
 *   'quit-consortium', quitConsortiumPath, quitConsortiumBody, quitConsortiumRequest,
 * );
 * ```
 */
export const projectOperation = <N extends string, P extends { project_id: string }, B>(
  name: N,
  path: Schema<P>,
  body: Schema<B>,
  toBcsRequest: (input: { path: P; body: B }) => BcsRequest,
): Operation<{ path: P; body: B; 'X-Auth-Token'?: string | undefined }, N> => ({
  name,
  schema: lazy(() => object({ path, body, 'X-Auth-Token': optional(authToken()) })),
  projectId: (input) => input.path.project_id,
  toBcsRequest,
});
