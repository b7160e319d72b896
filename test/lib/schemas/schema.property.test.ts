import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  array,
  exactObject,
  type Issue,
  object,
  optional,
  picklist,
  REQUIRED,
  type Rule,
  safeParse,
  string,
  UNKNOWN_FIELD,
  unknown,
} from '../../../lib/schemas/schema.ts';

// ---------------------------------------------------------------------------------------------
// One schema using every combinator, and an independent statement of what it accepts.

const NOT_EMPTY: Rule<string> = [(s) => s.length > 0, 'must not be empty'];
const SHORT: Rule<string> = [(s) => s.length <= 4, 'must be at most 4 characters'];

const repeated = (items: readonly unknown[]): number[] =>
  items.flatMap((item, index) => (items.indexOf(item) < index ? [index] : []));

const entries = {
  id: string('must be a string', NOT_EMPTY, SHORT),
  tags: array(string('must be a string', NOT_EMPTY), 'must be an array', {
    rules: [[(tags) => tags.length <= 3, 'must hold at most 3 tags']],
    items: [[repeated, 'repeats a tag']],
  }),
  kind: picklist(['a', 'b'], 'must be a or b'),
  meta: optional(exactObject({ note: string('must be a string') })),
  extra: unknown(),
};
const schema = exactObject(entries);
const ENTRY_KEYS = Object.keys(entries);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isText = (value: unknown, maxLength = Infinity): boolean =>
  typeof value === 'string' && value.length > 0 && value.length <= maxLength;

const obeysRules = (input: unknown): boolean => {
  if (!isPlainObject(input)) return false;
  const has = (key: string) => Object.hasOwn(input, key);
  const { id, tags, kind, meta } = input;
  return (
    Object.keys(input).every((key) => ENTRY_KEYS.includes(key)) &&
    ['id', 'tags', 'kind', 'extra'].every(has) &&
    isText(id, 4) &&
    Array.isArray(tags) &&
    tags.length <= 3 &&
    Array.from(tags).every((tag) => isText(tag)) &&
    new Set(tags).size === tags.length &&
    (kind === 'a' || kind === 'b') &&
    (meta === undefined ||
      (isPlainObject(meta) &&
        Object.keys(meta).length === 1 &&
        Object.hasOwn(meta, 'note') &&
        typeof meta.note === 'string'))
  );
};

/** Does `container` hold `key`: an own key of an object, an index of an array (holes too)? */
const holds = (container: unknown, key: string | number): boolean =>
  Array.isArray(container)
    ? typeof key === 'number' && key < container.length
    : typeof container === 'object' && container !== null && Object.hasOwn(container, key);

/** The value at `path` in `input`, or undefined when the input does not hold it. */
const at = (input: unknown, path: readonly (string | number)[]) =>
  path.reduce<{ value: unknown } | undefined>(
    (found, key) =>
      found !== undefined && holds(found.value, key)
        ? { value: (found.value as Record<string | number, unknown>)[key] }
        : undefined,
    { value: input },
  );

// ---------------------------------------------------------------------------------------------
// Arbitraries: valid inputs, inputs almost right, and anything at all.

const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

const tag = fc.string({ minLength: 1, maxLength: 3 });
const valid = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 4 }),
    tags: fc.uniqueArray(tag, { maxLength: 3 }),
    kind: fc.constantFrom('a', 'b'),
    meta: fc.record({ note: fc.string() }),
    extra: fc.jsonValue(),
  },
  { requiredKeys: ['id', 'tags', 'kind', 'extra'] },
);

const strange: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ withNullPrototype: true, withSparseArray: true, withBoxedValues: true }),
  fc.array(fc.oneof(fc.constantFrom('a', 'b', 'c', ''), fc.integer()), { maxLength: 5 }),
  fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 5 }),
  fc.string({ maxLength: 6 }),
  fc.constantFrom('a', 'b', 'c', null, undefined),
  fc.record({ note: fc.oneof(fc.string(), fc.integer()) }, { requiredKeys: [] }),
);

/** A valid input with some entries replaced, removed, or joined by others. */
const almost = fc
  .tuple(
    valid,
    fc.array(
      fc.tuple(
        fc.oneof(
          { arbitrary: fc.constantFrom(...ENTRY_KEYS), weight: 4 },
          fc.constantFrom(...FORBIDDEN_KEYS, 'note'),
          fc.string({ maxLength: 4 }),
        ),
        fc.option(strange, { nil: undefined }),
      ),
      { maxLength: 4 },
    ),
  )
  .map(([base, changes]) => {
    const input: Record<string, unknown> = { ...base };
    for (const [key, value] of changes) {
      if (value === undefined) delete input[key];
      else Object.defineProperty(input, key, { value, enumerable: true, configurable: true });
    }
    return input;
  });

const anyInput = fc.oneof(valid, almost, strange);

describe('schema properties', () => {
  it('never throws: it accepts an input, or refuses it with at least one issue', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        // Prepare
        let result: ReturnType<typeof safeParse> | undefined;

        // Act
        const act = () => {
          result = safeParse(schema, input);
        };

        // Assess
        expect(act).not.toThrow();
        if (result && !result.success) expect(result.issues.length).toBeGreaterThan(0);
      }),
    );
  });

  it('accepts an input exactly when it obeys every rule, and returns a copy equal to it', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        // Prepare
        const expected = obeysRules(input);

        // Act
        const result = safeParse(schema, input);

        // Assess
        expect(result.success).toBe(expected);
        if (result.success) {
          expect(result.output).toEqual(input);
          expect(result.output).not.toBe(input);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('names by its path a field the input holds, or a missing field of an object it holds', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        // Prepare
        const issues: Issue[] = [];

        // Act
        const result = safeParse(schema, input);
        if (!result.success) issues.push(...result.issues);

        // Assess
        for (const { path, message } of issues) {
          if (message === REQUIRED) {
            const parent = at(input, path.slice(0, -1));
            expect(isPlainObject(parent?.value)).toBe(true);
            expect(Object.hasOwn(parent?.value as object, path.at(-1) as string)).toBe(false);
          } else {
            expect(at(input, path), `${message} at ${JSON.stringify(path)}`).toBeDefined();
          }
        }
      }),
    );
  });

  it('reports each key of an exact object that is not an entry, once, and no other', () => {
    const dictionary = fc.dictionary(
      fc.oneof(fc.constantFrom(...ENTRY_KEYS, ...FORBIDDEN_KEYS), fc.string({ maxLength: 4 })),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(dictionary, (record) => {
        // Prepare
        const input = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;

        // Act
        const result = safeParse(schema, input);

        // Assess
        const reported = result.success
          ? []
          : result.issues
              .filter((issue) => issue.message === UNKNOWN_FIELD && issue.path.length === 1)
              .map((issue) => issue.path[0]);
        const unknownKeys = Object.keys(input).filter((key) => !ENTRY_KEYS.includes(key));
        expect(reported).toEqual(unknownKeys);
      }),
    );
  });

  it('never lets a key of the input reach a prototype, whatever object it parses', () => {
    const placement = fc.record({
      key: fc.constantFrom(...FORBIDDEN_KEYS),
      value: fc.oneof(fc.jsonValue(), fc.constant({ polluted: 'yes' })),
      nested: fc.boolean(),
    });
    fc.assert(
      fc.property(placement, valid, ({ key, value, nested }, base) => {
        // Prepare
        const polluting = `{${JSON.stringify(key)}:${JSON.stringify(value)}`;
        const { meta: _, ...rest } = base;
        const json = JSON.stringify({ meta: { note: 'n' }, ...rest }); // `"meta":{` comes first
        const text = nested
          ? // A function, not a string: `$&` in the generated value is no replacement pattern.
            json.replace('"meta":{', () => `"meta":${polluting},`)
          : `${polluting},${json.slice(1)}`;
        const input = JSON.parse(text) as unknown;
        const prototypeKeys = Object.getOwnPropertyNames(Object.prototype);
        const loose = object(entries);

        // Act
        const exact = safeParse(schema, input);
        const dropped = safeParse(loose, input);

        // Assess
        expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeKeys);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(exact.success).toBe(false);
        const path = nested ? `meta.${key}` : key;
        expect(exact.success ? [] : exact.issues.map((issue) => issue.path.join('.'))).toContain(
          path,
        );
        if (!nested) {
          expect(dropped.success).toBe(true);
          const output = dropped.success ? dropped.output : {};
          expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
          expect(Object.keys(output).every((k) => ENTRY_KEYS.includes(k))).toBe(true);
        }
      }),
    );
  });
});
