import { describe, expect, it } from 'vitest';
import { resolveIn, schemaAccepts, UnknownKeywordError } from './json-schema-subset.ts';

const document = {
  components: {
    schemas: {
      Name: { type: 'string', minLength: 1, maxLength: 2, pattern: '^[a-z😀]+$' },
      Body: {
        type: 'object',
        required: ['names'],
        properties: {
          names: {
            type: 'array',
            items: { $ref: '#/components/schemas/Name' },
            minItems: 1,
            maxItems: 2,
            uniqueItems: true,
          },
        },
        additionalProperties: false,
      },
    },
  },
};
const resolve = resolveIn(document);
const body = { $ref: '#/components/schemas/Body' };

describe('schemaAccepts', () => {
  it.each([
    ['a valid body', { names: ['a', 'bc'] }, true],
    ['a name of two code points that are three UTF-16 units', { names: ['a😀'] }, true],
    ['a name over the length', { names: ['abc'] }, false],
    ['a name off the pattern', { names: ['A'] }, false],
    ['an empty list', { names: [] }, false],
    ['too many names', { names: ['a', 'b', 'c'] }, false],
    ['a name twice', { names: ['a', 'a'] }, false],
    ['a missing field', {}, false],
    ['an extra field', { names: ['a'], more: 1 }, false],
    ['a body that is not an object', ['a'], false],
  ])('judges %s as JSON Schema does', (_, value, valid) => {
    // Act
    const accepted = schemaAccepts(body, value, resolve);

    // Assess
    expect(accepted).toBe(valid);
  });

  it('takes const, enum and oneOf with JSON equality', () => {
    // Prepare
    const schema = { oneOf: [{ const: { a: [1, 2] } }, { enum: ['x', null] }] };

    // Act
    const results = [{ a: [1, 2] }, 'x', null, { a: [2, 1] }].map((value) =>
      schemaAccepts(schema, value, resolve),
    );

    // Assess
    expect(results).toEqual([true, true, true, false]);
  });

  it('refuses, loudly, a keyword it does not implement', () => {
    // Prepare
    const schema = { type: 'string', format: 'uuid' };

    // Act
    const check = () => schemaAccepts(schema, 'x', resolve);

    // Assess
    expect(check).toThrow(UnknownKeywordError);
    expect(check).toThrow('"format"');
  });

  it('refuses a reference that points at nothing', () => {
    // Act
    const check = () => schemaAccepts({ $ref: '#/components/schemas/Nothing' }, 'x', resolve);

    // Assess
    expect(check).toThrow('points at nothing');
  });
});
