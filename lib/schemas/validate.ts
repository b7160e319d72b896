import * as ErrorCodes from '../errors/error-codes.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { type Issue, type OutputOf, type Schema, safeParse, UNKNOWN_FIELD } from './schema.ts';

/**
 * Checks `input` against `schema` and returns the typed value, or throws one
 * {@link GatewayError} (`BCSGW.4000001`) whose message names **every** offending field and why.
 *
 * @example
 * ```ts
 * const input = validate(removeChannelOrgs.schema, { path, body });
 * // throws: "Invalid request: body.org_names: must name at least one organization"
 * ```
 */
export const validate = <S extends Schema<unknown>>(schema: S, input: unknown): OutputOf<S> => {
  const result = safeParse(schema, input);
  const problems = [
    // Keys that could pollute prototypes are all reported by the scan below, in its order.
    ...(result.success ? [] : result.issues.filter((i) => !isForbiddenKey(i)).map(problemOf)),
    ...forbiddenKeys(input),
  ];
  if (result.success && problems.length === 0) return result.output as OutputOf<S>;
  throw new GatewayError(
    ErrorCodes.invalidInput,
    `Invalid request: ${describeProblems(problems, MAX_MESSAGE_LENGTH - 'Invalid request: '.length)}`,
  );
};

/** One field at fault and why, as the caller will read it. */
export type Problem = readonly [field: string, reason: string];

const MAX_MESSAGE_LENGTH = 512;
/** Keys that could pollute a prototype; wherever they are, they are reported as unknown fields. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * One line for all problems, within `maxLength` characters where it can be: each field once
 * (its first problem), fields grouped by reason (`body.a, body.b: is required`), items of one
 * array sharing a name (`body.org_names[0,3]`), and unknown fields last, shortened to
 * `(+N more)` when they would push the rest out.
 */
export const describeProblems = (problems: readonly Problem[], maxLength = Infinity): string => {
  const reasonOfField = new Map<string, string>();
  for (const [field, reason] of problems) {
    if (!reasonOfField.has(field)) reasonOfField.set(field, reason);
  }
  const fieldsByReason = new Map<string, string[]>();
  for (const [field, reason] of reasonOfField) {
    fieldsByReason.set(reason, [...(fieldsByReason.get(reason) ?? []), field]);
  }
  const unknown = fieldsByReason.get(UNKNOWN_FIELD) ?? [];
  fieldsByReason.delete(UNKNOWN_FIELD);
  const known = [...fieldsByReason].map(([reason, fields]) => `${joinFields(fields)}: ${reason}`);
  /** The line with the first `shown` unknown fields named, the others counted. */
  const text = (shown: number) => {
    const more = unknown.length - shown;
    const last = `${joinFields(unknown.slice(0, shown))}${more > 0 ? ` (+${more} more)` : ''}`;
    return [...known, ...(unknown.length > 0 ? [`${last}: ${UNKNOWN_FIELD}`] : [])].join('; ');
  };
  let shown = unknown.length;
  while (shown > 1 && text(shown).length > maxLength) shown -= 1;
  return text(shown);
};

const problemOf = (issue: Issue): Problem => [fieldOf(issue), issue.message];

const isForbiddenKey = ({ path, message }: Issue): boolean =>
  message === UNKNOWN_FIELD && FORBIDDEN_KEYS.has(String(path.at(-1)));

/**
 * Own keys named `__proto__`, `constructor` or `prototype` anywhere in the input (as
 * JSON.parse makes them): refused by name, never passed on. Depth is bounded: input deeper
 * than any valid request is refused by the schema anyway.
 */
const forbiddenKeys = (input: unknown): Problem[] => {
  const found: Problem[] = [];
  const stack: [value: unknown, field: string, depth: number][] = [[input, '', 0]];
  while (stack.length > 0) {
    const [value, field, depth] = stack.pop() as (typeof stack)[number];
    if (typeof value !== 'object' || value === null || depth > 8) continue;
    const array = Array.isArray(value);
    for (const key of Object.keys(value)) {
      const child = array ? `${field}[${key}]` : joinKey(field, key);
      if (!array && FORBIDDEN_KEYS.has(key)) found.push([child, UNKNOWN_FIELD]);
      else stack.push([(value as Record<string, unknown>)[key], child, depth + 1]);
    }
  }
  return found;
};

/** `body.org_names[2]` from the issue's path; `request` for the input itself. */
export const fieldOf = (issue: Issue): string =>
  issue.path.reduce<string>(
    (field, key) => (typeof key === 'number' ? `${field}[${key}]` : joinKey(field, key)),
    '',
  ) || 'request';

const joinKey = (field: string, key: string): string =>
  field === '' ? printable(key) : `${field}.${printable(key)}`;

/** `a[0], a[3], b` becomes `a[0,3], b`: items of one array share a name. */
const joinFields = (fields: string[]): string => {
  const indexesByArray = new Map<string, string[]>();
  for (const field of fields) {
    const [, name = field, index] = /^(.*)\[(\d+)\]$/.exec(field) ?? [];
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
