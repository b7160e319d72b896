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
 * One BCS operation as the callers see it: its schema, the project it acts in and the BCS
 * request it becomes. Adding an operation means adding one of these and a function file.
 *
 * @example
 * ```ts
 * export const handler = httpHandler(removeChannelOrgs);
 * ```
 */
export interface Operation<I extends { 'X-Auth-Token'?: string | undefined }> {
  /** kebab-case, used in logs and events: `quit-consortium`. */
  name: string;
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
export const projectOperation = <P extends { project_id: string }, B>(
  name: string,
  path: Schema<P>,
  body: Schema<B>,
  toBcsRequest: (input: { path: P; body: B }) => BcsRequest,
): Operation<{ path: P; body: B; 'X-Auth-Token'?: string | undefined }> => ({
  name,
  schema: lazy(() => object({ path, body, 'X-Auth-Token': optional(authToken()) })),
  projectId: (input) => input.path.project_id,
  toBcsRequest,
});
