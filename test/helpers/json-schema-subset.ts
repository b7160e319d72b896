/**
 * Checks a value against a JSON Schema (2020-12, as OpenAPI 3.1 uses it), for the keywords
 * docs/openapi.json uses, with their standard meaning: lengths count Unicode code points,
 * patterns are ECMA-262 with the `u` flag. Any other keyword is refused loudly, so that the
 * document cannot say something these checks would ignore.
 */

/** A JSON Schema object (or `true` / `false`). */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/** The schema uses a keyword the checks do not implement. */
export class UnknownKeywordError extends Error {
  constructor(keyword: string, options?: ErrorOptions) {
    super(`json-schema-subset does not implement the keyword "${keyword}"`, options);
    this.name = 'UnknownKeywordError';
  }
}

/** Words that describe and never constrain. */
const ANNOTATIONS = new Set([
  'description',
  'title',
  'example',
  'examples',
  'default',
  'deprecated',
]);
const CHECKS = new Set([
  '$ref',
  'type',
  'const',
  'enum',
  'oneOf',
  'minLength',
  'maxLength',
  'pattern',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
]);

type Resolve = (ref: string) => JsonSchema;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const typeOf = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
};

const hasType = (value: unknown, type: unknown): boolean =>
  type === typeOf(value) || (type === 'number' && typeOf(value) === 'integer');

/** JSON equality: key order does not matter. */
const canonical = (value: unknown): string =>
  isObject(value)
    ? `{${Object.keys(value)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
        .join(',')}}`
    : Array.isArray(value)
      ? `[${value.map(canonical).join(',')}]`
      : JSON.stringify(value);

/**
 * Whether `value` is valid against `schema`; `resolve` finds what a `$ref` points at.
 *
 * @example
 * ```ts
 * schemaAccepts({ type: 'string', maxLength: 3 }, 'abcd', resolveIn(document)); // false
 * ```
 */
export const schemaAccepts = (schema: JsonSchema, value: unknown, resolve: Resolve): boolean => {
  if (typeof schema === 'boolean') return schema;
  for (const keyword of Object.keys(schema)) {
    if (!CHECKS.has(keyword) && !ANNOTATIONS.has(keyword)) throw new UnknownKeywordError(keyword);
  }
  const s = schema as Record<string, unknown>;
  const accepts = (sub: unknown, item: unknown) => schemaAccepts(sub as JsonSchema, item, resolve);
  if (typeof s.$ref === 'string' && !accepts(resolve(s.$ref), value)) return false;
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((type) => hasType(value, type))) return false;
  }
  if ('const' in s && canonical(s.const) !== canonical(value)) return false;
  if (Array.isArray(s.enum) && !s.enum.some((option) => canonical(option) === canonical(value))) {
    return false;
  }
  if (Array.isArray(s.oneOf) && s.oneOf.filter((sub) => accepts(sub, value)).length !== 1) {
    return false;
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof s.minLength === 'number' && length < s.minLength) return false;
    if (typeof s.maxLength === 'number' && length > s.maxLength) return false;
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) return false;
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) return false;
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) return false;
    if (s.uniqueItems === true && new Set(value.map(canonical)).size !== value.length) return false;
    if (s.items !== undefined && !value.every((item) => accepts(s.items, item))) return false;
  }
  if (isObject(value)) {
    const properties = isObject(s.properties) ? s.properties : {};
    if (Array.isArray(s.required) && !s.required.every((key) => Object.hasOwn(value, key))) {
      return false;
    }
    for (const [key, item] of Object.entries(value)) {
      const sub = Object.hasOwn(properties, key) ? properties[key] : s.additionalProperties;
      if (sub !== undefined && !accepts(sub, item)) return false;
    }
  }
  return true;
};

/**
 * A `resolve` for `schemaAccepts` that follows local references (`#/components/schemas/X`)
 * inside `document`.
 *
 * @example
 * ```ts
 * resolveIn(openapi)('#/components/schemas/BodyString'); // { type: 'string', ... }
 * ```
 */
export const resolveIn =
  (document: unknown): Resolve =>
  (ref) => {
    if (!ref.startsWith('#/')) throw new Error(`only local references are followed: ${ref}`);
    let target: unknown = document;
    for (const token of ref.slice(2).split('/')) {
      const key = token.replaceAll('~1', '/').replaceAll('~0', '~');
      if (!isObject(target) || !Object.hasOwn(target, key)) {
        throw new Error(`${ref} points at nothing`);
      }
      target = target[key];
    }
    return target as JsonSchema;
  };
