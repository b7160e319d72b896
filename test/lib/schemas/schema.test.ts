import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  array,
  exactObject,
  lazy,
  NOT_AN_OBJECT,
  type OutputOf,
  object,
  optional,
  picklist,
  REQUIRED,
  type Rule,
  type Schema,
  safeParse,
  string,
  UNKNOWN_FIELD,
  unknown,
} from '../../../lib/schemas/schema.ts';

const NOT_EMPTY: Rule<string> = [(s) => s.length > 0, 'must not be empty'];
const SHORT: Rule<string> = [(s) => s.length <= 3, 'must be at most 3 characters'];
const NO_SPACE: Rule<string> = [(s) => !s.includes(' '), 'must hold no space'];

const text = () => string('must be a string', NOT_EMPTY, SHORT, NO_SPACE);

/** The issues `safeParse` reports, or [] when it accepts the input. */
const issuesOf = (schema: Schema<unknown>, input: unknown) => {
  const result = safeParse(schema, input);
  return result.success ? [] : result.issues;
};

describe('schema', () => {
  describe('safeParse()', () => {
    it('returns the output of a valid input', () => {
      // Prepare
      const schema = exactObject({ name: text() });

      // Act
      const result = safeParse(schema, { name: 'abc' });

      // Assess
      expect(result).toEqual({ success: true, output: { name: 'abc' } });
    });

    it('names the input itself by an empty path', () => {
      // Prepare
      const schema = text();

      // Act
      const issues = issuesOf(schema, 42);

      // Assess
      expect(issues).toEqual([{ path: [], message: 'must be a string' }]);
    });
  });

  describe('string()', () => {
    it('reports every rule a string breaks, in the order of the rules', () => {
      // Prepare
      const input = 'a b c';

      // Act
      const issues = issuesOf(text(), input);

      // Assess
      expect(issues.map((issue) => issue.message)).toEqual([
        'must be at most 3 characters',
        'must hold no space',
      ]);
    });

    it.each([[7], [null], [undefined], [['abc']], [{}]])(
      'refuses %j with its own message and checks no rule',
      (input) => {
        // Prepare
        const schema = text();

        // Act
        const issues = issuesOf(schema, input);

        // Assess
        expect(issues).toEqual([{ path: [], message: 'must be a string' }]);
      },
    );
  });

  describe('array()', () => {
    const names = () =>
      array(text(), 'must be an array', {
        rules: [[(items) => items.length <= 2, 'must hold at most 2 names']],
        items: [[(items) => items.flatMap((item, i) => (item === 'x' ? [i] : [])), 'is x']],
      });

    it('reports each item by its index, every rule it breaks', () => {
      // Prepare
      const input = ['ok', '', 'a b c'];

      // Act
      const issues = issuesOf(names(), input);

      // Assess
      expect(issues).toEqual([
        { path: [1], message: 'must not be empty' },
        { path: [2], message: 'must be at most 3 characters' },
        { path: [2], message: 'must hold no space' },
        { path: [], message: 'must hold at most 2 names' },
      ]);
    });

    it('checks the rules of the whole array only once every item has the item type', () => {
      // Prepare
      const input = ['a', 'b', 3];

      // Act
      const issues = issuesOf(names(), input);

      // Assess
      expect(issues).toEqual([{ path: [2], message: 'must be a string' }]);
    });

    it('leaves out the rules of the whole array when an item has the wrong type, even if the rest break them', () => {
      // Prepare: the items that are strings alone would break "must hold a name"
      const atLeastOne = array(text(), 'must be an array', {
        rules: [[(items) => items.length >= 1, 'must hold a name']],
      });

      // Act
      const issues = issuesOf(atLeastOne, [3]);

      // Assess
      expect(issues).toEqual([{ path: [0], message: 'must be a string' }]);
    });

    it.each([
      ['a field of the wrong type', [{ a: 5 }], { path: [0, 'a'], message: 'must be a string' }],
      ['a missing field', [{}], { path: [0, 'a'], message: REQUIRED }],
    ])('leaves out the rules of an array of objects when one has %s', (_kind, input, issue) => {
      // Prepare
      const twoObjects = array(exactObject({ a: text() }), 'must be an array', {
        rules: [[(items) => items.length >= 2, 'must hold two objects']],
      });

      // Act
      const issues = issuesOf(twoObjects, input);

      // Assess
      expect(issues).toEqual([issue]);
    });

    it('takes no rules at all when none are given', () => {
      // Prepare
      const plain = array(text(), 'must be an array');

      // Act
      const result = safeParse(plain, ['a', 'b', 'a']);

      // Assess
      expect(result).toEqual({ success: true, output: ['a', 'b', 'a'] });
    });

    it('names the items an items rule refuses, whatever their type', () => {
      // Prepare
      const input = ['x', 5, 'x'];

      // Act
      const issues = issuesOf(names(), input);

      // Assess
      expect(issues).toEqual([
        { path: [1], message: 'must be a string' },
        { path: [0], message: 'is x' },
        { path: [2], message: 'is x' },
      ]);
    });

    it('reports a hole of a sparse array as an item of the wrong type', () => {
      // Prepare
      // biome-ignore lint/suspicious/noSparseArray: the hole is what is tested
      const input = ['a', , 'b'];

      // Act
      const issues = issuesOf(names(), input);

      // Assess
      expect(issues).toEqual([{ path: [1], message: 'must be a string' }]);
    });

    it.each([['abc'], [{ 0: 'a', length: 1 }], [null]])('refuses %j as not an array', (input) => {
      // Prepare
      const schema = names();

      // Act
      const issues = issuesOf(schema, input);

      // Assess
      expect(issues).toEqual([{ path: [], message: 'must be an array' }]);
    });
  });

  describe('object() and exactObject()', () => {
    it('reports a missing entry as required, and every entry by its own path', () => {
      // Prepare
      const schema = exactObject({ path: exactObject({ id: text() }), name: text() });

      // Act
      const issues = issuesOf(schema, { path: { id: '' } });

      // Assess
      expect(issues).toEqual([
        { path: ['path', 'id'], message: 'must not be empty' },
        { path: ['name'], message: REQUIRED },
      ]);
    });

    it('checks an entry that is there with the value undefined, rather than calling it missing', () => {
      // Prepare
      const schema = exactObject({ name: text() });

      // Act
      const issues = issuesOf(schema, { name: undefined });

      // Assess
      expect(issues).toEqual([{ path: ['name'], message: 'must be a string' }]);
    });

    it('counts only own keys: an entry inherited from a prototype is missing', () => {
      // Prepare
      const input = Object.create({ name: 'abc' }) as object;

      // Act
      const issues = issuesOf(exactObject({ name: text() }), input);

      // Assess
      expect(issues).toEqual([{ path: ['name'], message: REQUIRED }]);
    });

    it.each([[null], [[{ name: 'abc' }]], ['{"name":"abc"}'], [3]])(
      'refuses %j as not a JSON object',
      (input) => {
        // Prepare
        const schemas = [object({ name: text() }), exactObject({ name: text() })];

        // Act
        const issues = schemas.map((schema) => issuesOf(schema, input));

        // Assess
        for (const found of issues) expect(found).toEqual([{ path: [], message: NOT_AN_OBJECT }]);
      },
    );

    it('object() leaves other keys out of its output without a word', () => {
      // Prepare
      const schema = object({ name: text() });

      // Act
      const result = safeParse(schema, { name: 'abc', extra: 1 });

      // Assess
      expect(result).toEqual({ success: true, output: { name: 'abc' } });
    });

    it('exactObject() reports every other key by name, in the order of the input', () => {
      // Prepare
      const input = JSON.parse('{"b":1,"name":"abc","__proto__":{"x":1},"a":2}') as unknown;

      // Act
      const issues = issuesOf(exactObject({ name: text() }), input);

      // Assess
      expect(issues).toEqual([
        { path: ['b'], message: UNKNOWN_FIELD },
        { path: ['__proto__'], message: UNKNOWN_FIELD },
        { path: ['a'], message: UNKNOWN_FIELD },
      ]);
    });

    it('keeps an entry named __proto__ an own key of its output, never its prototype', () => {
      // Prepare
      const schema = exactObject({ ['__proto__']: unknown() });
      const input = JSON.parse('{"__proto__":{"polluted":true}}') as unknown;

      // Act
      const result = safeParse(schema, input);

      // Assess
      expect(result.success).toBe(true);
      const output = result.success ? result.output : undefined;
      expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
      expect(Object.hasOwn(output as object, '__proto__')).toBe(true);
      expect((output as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('makes a new output holding exactly its entries', () => {
      // Prepare
      const input = { name: 'abc', tag: 'a' };

      // Act
      const result = safeParse(exactObject({ name: text(), tag: optional(text()) }), input);

      // Assess
      expect(result.success && result.output).toEqual(input);
      expect(result.success && result.output).not.toBe(input);
    });
  });

  describe('optional()', () => {
    it('lets an object lack the entry, and leaves it out of the output', () => {
      // Prepare
      const schema = exactObject({ name: text(), tag: optional(text()) });

      // Act
      const result = safeParse(schema, { name: 'abc' });

      // Assess
      expect(result).toEqual({ success: true, output: { name: 'abc' } });
      expect(result.success && Object.hasOwn(result.output, 'tag')).toBe(false);
    });

    it('takes undefined, and checks any other value', () => {
      // Prepare
      const schema = optional(text());

      // Act
      const [absent, wrong] = [issuesOf(schema, undefined), issuesOf(schema, '')];

      // Assess
      expect(absent).toEqual([]);
      expect(wrong).toEqual([{ path: [], message: 'must not be empty' }]);
    });
  });

  describe('picklist() and unknown()', () => {
    it('picklist() takes one of its options and refuses anything else', () => {
      // Prepare
      const schema = picklist(['a', 'b'], 'must be a or b');

      // Act
      const [a, c, aObject] = ['a', 'c', { a: 1 }].map((input) => issuesOf(schema, input));

      // Assess
      expect(a).toEqual([]);
      expect(c).toEqual([{ path: [], message: 'must be a or b' }]);
      expect(aObject).toEqual([{ path: [], message: 'must be a or b' }]);
    });

    it('unknown() takes anything, as it is', () => {
      // Prepare
      const value = { any: ['thing'] };

      // Act
      const result = safeParse(unknown(), value);

      // Assess
      expect(result.success && result.output).toBe(value);
    });
  });

  describe('lazy()', () => {
    it('makes its schema on first use, once', () => {
      // Prepare
      let made = 0;
      const schema = lazy(() => {
        made += 1;
        return text();
      });
      const before = made;

      // Act
      const results = [safeParse(schema, 'abc'), safeParse(schema, '')];

      // Assess
      expect(before).toBe(0);
      expect(made).toBe(1);
      expect(results.map((result) => result.success)).toEqual([true, false]);
    });
  });

  describe('types', () => {
    it('carries the type of its output, optional entries as optional keys', () => {
      // Prepare
      const schema = lazy(() =>
        object({
          path: exactObject({ id: text() }),
          names: array(text(), 'must be an array'),
          kind: picklist(['a', 'b'], 'must be a or b'),
          tag: optional(text()),
        }),
      );

      // Act
      type Output = OutputOf<typeof schema>;

      // Assess
      expectTypeOf<Output>().toEqualTypeOf<{
        path: { id: string };
        names: string[];
        kind: 'a' | 'b';
        tag?: string | undefined;
      }>();
    });
  });
});
