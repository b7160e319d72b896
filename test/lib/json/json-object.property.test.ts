import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonObject } from '../../../lib/json/json-object.ts';

describe('parseJsonObject', () => {
  it('reads back any JSON object it is given as text', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), (object) => {
        // Act
        const parsed = parseJsonObject(JSON.stringify(object));

        // Assess
        expect(parsed).toEqual(JSON.parse(JSON.stringify(object)));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, and is an object (not an array) or undefined, for any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        // Act
        const parsed = parseJsonObject(text);

        // Assess
        expect(parsed === undefined || (typeof parsed === 'object' && !Array.isArray(parsed))).toBe(
          true,
        );
        expect(parsed).not.toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
