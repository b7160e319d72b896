import type { BcsRequest } from '../bcs/requests.ts';
import type { Schema } from '../schemas/schema.ts';

/** What a caller hands over for one operation, before validation. */
export interface RawOperationInput {
  path: unknown;
  body: unknown;
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
