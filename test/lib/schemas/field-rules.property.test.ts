import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authToken, MAX_TOKEN_LENGTH } from '../../../lib/schemas/field-rules.ts';
import { safeParse } from '../../../lib/schemas/schema.ts';

/** A printable token of a length a few characters either side of `bound`. */
const tokenAround = (bound: number): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.integer({ min: Math.max(0, bound - 8), max: bound + 8 }),
      fc.constantFrom('A', 'z', '9', '=', '+'),
    )
    .map(([length, filler]) => (length === 0 ? '' : `M${filler.repeat(length - 1)}`));

describe('field rules (properties)', () => {
  it("accepts a printable X-Auth-Token if and only if it has 1 to 32,768 characters (Huawei's bounds)", () => {
    fc.assert(
      fc.property(fc.oneof(tokenAround(MAX_TOKEN_LENGTH), tokenAround(1)), (token) => {
        // Act
        const result = safeParse(authToken(), token);

        // Assess
        expect(result.success).toBe(token.length >= 1 && token.length <= 32_768);
      }),
    );
  });
});
