import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toJsonText } from '../../simulator/json-text.ts';

describe('toJsonText (property)', () => {
  it('writes any plain JSON value as JSON.stringify does', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // Prepare
        const expected = JSON.stringify(value);

        // Act
        const text = toJsonText(value as Parameters<typeof toJsonText>[0]);

        // Assess
        expect(text).toBe(expected);
      }),
    );
  });

  it('writes every bigint as its exact digits, wherever it sits', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }), fc.string(), (big, key) => {
        // Prepare
        const value = { [key]: [big, { big }] };

        // Act
        const text = toJsonText(value);

        // Assess
        expect(text).toBe(`{${JSON.stringify(key)}:[${big},{"big":${big}}]}`);
      }),
    );
  });
});
