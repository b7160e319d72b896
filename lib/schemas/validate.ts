import { ErrorCodes } from '../errors/error-codes.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import {
  type Issue,
  type OutputOf,
  type Path,
  type Schema,
  safeParse,
  UNKNOWN_FIELD,
} from './schema.ts';

/**
 * Checks `input` against `schema` and returns the typed value, or throws one
 * {@link GatewayError} (`BCSGW.4000001`) whose message names **every** offending field and why
 * (the problems of {@link checkInput}, worded by {@link describeProblems}).
 *
 * @example
 * ```ts
 * const input = validate(removeChannelOrgs.schema, { path, body });
 * // throws: "Invalid request: body.org_names: must name at least one organization"
 * ```
 */
export const validate = <S extends Schema<unknown>>(schema: S, input: unknown): OutputOf<S> => {
  const result = checkInput(schema, input);
  if (result.success) return result.output;
  throw new GatewayError(
    ErrorCodes.invalidInput,
    `Invalid request: ${describeProblems(result.issues, MAX_MESSAGE_LENGTH - 'Invalid request: '.length)}`,
  );
};

/**
 * Checks `input` against `schema`, as {@link safeParse} does, and finds keys that could
 * pollute a prototype wherever they are: the typed value, or **every** issue, each with the
 * path of the field at fault. For a caller that names fields its own way (the Slack command
 * names them as the user typed them).
 *
 * @example
 * ```ts
 * checkInput(removeChannelOrgs.schema, { path, body: { org_names: [] } });
 * // { success: false, issues: [{ path: ['body', 'org_names'], message: 'must name at least one organization' }] }
 * ```
 */
export const checkInput = <S extends Schema<unknown>>(
  schema: S,
  input: unknown,
): { success: true; output: OutputOf<S> } | { success: false; issues: Issue[] } => {
  const result = safeParse(schema as Schema<OutputOf<S>>, input);
  const issues = [
    // Keys that could pollute prototypes are all reported by the scan below, in its order.
    ...(result.success ? [] : result.issues.filter((i) => !isForbiddenKey(i))),
    ...forbiddenKeys(input),
  ];
  return result.success && issues.length === 0 ? result : { success: false, issues };
};

const MAX_MESSAGE_LENGTH = 512;
/** Keys that could pollute a prototype; wherever they are, they are reported as unknown fields. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * How a message names a field from its path, with the indexes of its items at fault when it
 * is an array whose items share one reason.
 */
export type NameField = (path: Path, items: readonly number[]) => string;

/**
 * The name API callers read: `body.org_names[0,3]`, `path.project_id`; `request` for the
 * input itself.
 *
 * @example
 * ```ts
 * fieldName(['body', 'org_names'], [0, 3]); // 'body.org_names[0,3]'
 * ```
 */
export const fieldName: NameField = (path, items) =>
  // `${items}` joins them with commas.
  `${pathText(path) || 'request'}${items.length > 0 ? `[${items}]` : ''}`;

/**
 * One line for all problems, within `maxLength` characters where it can be: each field once
 * (its first problem), fields grouped by reason (`body.a, body.b: is required`), items of one
 * array sharing a name (`body.org_names[0,3]`), and unknown fields last, shortened to
 * `(+N more)` when they would push the rest out. `nameField` names the fields.
 *
 * @example
 * ```ts
 * describeProblems([{ path: ['body', 'a'], message: 'is required' }]); // 'body.a: is required'
 * ```
 */
export const describeProblems = (
  problems: readonly Issue[],
  maxLength = Infinity,
  nameField: NameField = fieldName,
): string => {
  const firstOfField = new Map<string, Issue>();
  for (const problem of problems) {
    const field = pathText(problem.path);
    if (!firstOfField.has(field)) firstOfField.set(field, problem);
  }
  const fieldsByReason = new Map<string, Path[]>();
  for (const { path, message } of firstOfField.values()) {
    fieldsByReason.set(message, [...(fieldsByReason.get(message) ?? []), path]);
  }
  const unknown = fieldsByReason.get(UNKNOWN_FIELD) ?? [];
  fieldsByReason.delete(UNKNOWN_FIELD);
  /** `a[0], a[3], b` becomes `a[0,3], b`: items of one array share a name. */
  const join = (paths: readonly Path[]) => {
    const itemsOfField = new Map<string, [field: Path, items: number[]]>();
    for (const path of paths) {
      const last = path.at(-1);
      const field = typeof last === 'number' ? path.slice(0, -1) : path;
      const key = pathText(field);
      const entry = itemsOfField.get(key) ?? [field, []];
      if (typeof last === 'number') entry[1].push(last);
      itemsOfField.set(key, entry);
    }
    return [...itemsOfField.values()].map(([field, items]) => nameField(field, items)).join(', ');
  };
  const known = [...fieldsByReason].map(([reason, paths]) => `${join(paths)}: ${reason}`);
  /** The line with the first `shown` unknown fields named, the others counted. */
  const text = (shown: number) => {
    const more = unknown.length - shown;
    const last = `${join(unknown.slice(0, shown))}${more > 0 ? ` (+${more} more)` : ''}`;
    return [...known, ...(unknown.length > 0 ? [`${last}: ${UNKNOWN_FIELD}`] : [])].join('; ');
  };
  let shown = unknown.length;
  while (shown > 1 && text(shown).length > maxLength) shown -= 1;
  return text(shown);
};

const isForbiddenKey = ({ path, message }: Issue): boolean =>
  message === UNKNOWN_FIELD && FORBIDDEN_KEYS.has(String(path.at(-1)));

/**
 * Own keys named `__proto__`, `constructor` or `prototype` anywhere in the input (as
 * JSON.parse makes them): refused by name, never passed on. Depth is bounded: input deeper
 * than any valid request is refused by the schema anyway.
 */
const forbiddenKeys = (input: unknown): Issue[] => {
  const found: Issue[] = [];
  const stack: [value: unknown, path: Path][] = [[input, []]];
  while (stack.length > 0) {
    const [value, path] = stack.pop() as (typeof stack)[number];
    if (typeof value !== 'object' || value === null || path.length > 8) continue;
    const array = Array.isArray(value);
    for (const key of Object.keys(value)) {
      const child = [...path, array ? Number(key) : key];
      if (!array && FORBIDDEN_KEYS.has(key)) found.push({ path: child, message: UNKNOWN_FIELD });
      else stack.push([(value as Record<string, unknown>)[key], child]);
    }
  }
  return found;
};

/** `body.org_names[2]` from a path; `''` for the input itself. */
const pathText = (path: Path): string =>
  path.reduce<string>(
    (field, key) =>
      typeof key === 'number'
        ? `${field}[${key}]`
        : field === ''
          ? printable(key)
          : `${field}.${printable(key)}`,
    '',
  );

/** Field names come from the caller: keep them short and printable inside our message. */
const printable = (key: string): string => {
  const safe = key.replace(/[^\x20-\x7e]/g, '?');
  return safe.length > 40 ? `${safe.slice(0, 40)}…` : safe;
};
