import * as v from 'valibot';
import { ErrorCodes } from '../errors/error-codes.ts';
import { GatewayError } from '../errors/gateway-error.ts';

/**
 * Checks `input` against `schema` and returns the typed value, or throws one
 * {@link GatewayError} (`BCSGW.4000001`) whose message names **every** offending field and why.
 *
 * @example
 * ```ts
 * const input = validate(removeChannelOrgsRequest, { path, body });
 * // throws: "Invalid request: body.org_names: must name at least one organization"
 * ```
 */
export const validate = <S extends v.GenericSchema>(
  schema: S,
  input: unknown,
): v.InferOutput<S> => {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  throw new GatewayError(
    ErrorCodes.invalidInput,
    `Invalid request: ${describeIssues(result.issues)}`,
    {
      cause: { issues: result.issues.map((issue) => `${fieldOf(issue)}: ${issue.message}`) },
    },
  );
};

/**
 * One line for all issues, grouped by reason so that a long list stays within BCS's 512
 * characters: `body.a, body.b: is required; body.org_names[0,3]: must not be empty`.
 */
export const describeIssues = (issues: readonly v.BaseIssue<unknown>[]): string => {
  const fieldsByReason = new Map<string, string[]>();
  for (const issue of issues) {
    const reason = reasonOf(issue);
    const fields = fieldsByReason.get(reason) ?? [];
    fields.push(fieldOf(issue));
    fieldsByReason.set(reason, fields);
  }
  return [...fieldsByReason]
    .map(([reason, fields]) => `${joinFields(fields)}: ${reason}`)
    .join('; ');
};

/** `body.org_names[2]` from valibot's path items. */
export const fieldOf = (issue: v.BaseIssue<unknown>): string =>
  (issue.path ?? []).reduce<string>(
    (field, item) =>
      typeof item.key === 'number' ? `${field}[${item.key}]` : joinKey(field, item.key),
    '',
  ) || 'request';

const joinKey = (field: string, key: unknown): string => {
  const name = typeof key === 'string' ? printable(key) : String(key);
  return field === '' ? name : `${field}.${name}`;
};

/** A field the schema requires but the input lacks is reported as such, not as a type error. */
const reasonOf = (issue: v.BaseIssue<unknown>): string =>
  issue.kind === 'schema' &&
  issue.type !== 'custom' &&
  issue.received === 'undefined' &&
  issue.path?.at(-1)?.origin === 'key'
    ? 'is required'
    : issue.message;

/** `a[0], a[3], b` becomes `a[0,3], b`: items of one array share a name. */
const joinFields = (fields: string[]): string => {
  const indexesByArray = new Map<string, string[]>();
  for (const field of fields) {
    const match = /^(.*)\[(\d+)\]$/.exec(field);
    const [name, index] = match ? [match[1] as string, match[2] as string] : [field, undefined];
    const indexes = indexesByArray.get(name) ?? [];
    if (index !== undefined) indexes.push(index);
    indexesByArray.set(name, indexes);
  }
  return [...indexesByArray]
    .map(([name, indexes]) => (indexes.length > 0 ? `${name}[${indexes.join(',')}]` : name))
    .join(', ');
};

/** Field names come from the caller: keep them short and printable inside our message. */
const printable = (key: string): string => {
  const safe = key.replace(/[^\x20-\x7e]/g, '?');
  return safe.length > 40 ? `${safe.slice(0, 40)}…` : safe;
};
