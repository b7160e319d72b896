import * as ErrorCodes from '../errors/error-codes.ts';
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
 * {@link GatewayError} (`BCSGW.4000001`) whose message names **every** offending field and why:
 * the schema's issues ({@link safeParse}) and keys that could pollute a prototype, found
 * wherever they are, worded by {@link describeProblems}.
 *
 * @example
 * ```ts
 * const input = validate(removeChannelOrgs.schema, { path, body });
 * // throws: "Invalid request: body.org_names: must name at least one organization"
 * ```
 */
export const validate = <S extends Schema<unknown>>(schema: S, input: unknown): OutputOf<S> => {
  const result = safeParse(schema, input);
  const issues = [
    // Keys that could pollute prototypes are all reported by the scan below, in its order.
    ...(result.success ? [] : result.issues.filter((i) => !isForbiddenKey(i))),
    ...forbiddenKeys(input),
  ];
  if (result.success && issues.length === 0) return result.output as OutputOf<S>;
  throw new GatewayError(
    ErrorCodes.invalidInput,
    `Invalid request: ${describeProblems(issues, MAX_MESSAGE_LENGTH - 'Invalid request: '.length)}`,
  );
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
  `${pathText(path)}${items.length > 0 ? `[${items}]` : ''}`;

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
  /** Each reason's fields, in order, each with the indexes of its items at fault. */
  const fieldsByReason = new Map<string, Map<string, [field: Path, items: number[]]>>();
  const seen = new Set<string>();
  for (const { path, message } of problems) {
    const key = pathText(path);
    if (seen.has(key)) continue;
    seen.add(key);
    const last = path.at(-1);
    const field = typeof last === 'number' ? path.slice(0, -1) : path;
    const fields = fieldsByReason.get(message) ?? new Map();
    const entry = fields.get(pathText(field)) ?? [field, []];
    if (typeof last === 'number') entry[1].push(last);
    fieldsByReason.set(message, fields.set(pathText(field), entry));
  }
  const names = (fields = new Map<string, [Path, number[]]>()) =>
    [...fields.values()].map(([field, items]) => nameField(field, items));
  const unknown = names(fieldsByReason.get(UNKNOWN_FIELD));
  fieldsByReason.delete(UNKNOWN_FIELD);
  const known = [...fieldsByReason].map(
    ([reason, fields]) => `${names(fields).join(', ')}: ${reason}`,
  );
  /** The line with the first `shown` unknown fields named, the others counted. */
  const text = (shown: number) => {
    const more = unknown.length - shown;
    const last = `${unknown.slice(0, shown).join(', ')}${more > 0 ? ` (+${more} more)` : ''}`;
    return [...known, ...(unknown.length > 0 ? [`${last}: ${UNKNOWN_FIELD}`] : [])].join('; ');
  };
  let shown = unknown.length;
  while (shown > 1 && text(shown).length > maxLength) shown -= 1;
  return text(shown);
};

const isForbiddenKey = ({ path, message }: Issue): boolean =>
  // Stryker disable next-line UnaryOperator: our unknown fields are one level deep (body.x, path.x): at(1) and at(-1) read the same key.
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

/** `body.org_names[2]` from a path; `request` for the input itself. */
const pathText = (path: Path): string =>
  path.reduce<string>(
    (field, key) =>
      typeof key === 'number'
        ? `${field}[${key}]`
        : field === ''
          ? printable(key)
          : `${field}.${printable(key)}`,
    '',
  ) || 'request';

/** Field names come from the caller: keep them short and printable inside our message. */
const printable = (key: string): string => {
  const safe = key.replace(/[^\x20-\x7e]/g, '?');
  return safe.length > 40 ? `${safe.slice(0, 40)}…` : safe;
};
