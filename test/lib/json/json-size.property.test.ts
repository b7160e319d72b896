import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonByteLength } from '../../../lib/json/json-size.ts';

/** Any UTF-16 code unit, lone surrogates included (JSON.stringify escapes those). */
const utf16 = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

/** What JSON.parse makes, with strings of every kind: the values the functions measure. */
const parsedJson = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.jsonValue({ maxDepth: 3, stringUnit: 'grapheme' }),
    fc.jsonValue({ maxDepth: 3, stringUnit: utf16 }),
  );

const stringifiedBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? '');

describe('jsonByteLength', () => {
  it('is the UTF-8 size of JSON.stringify for any parsed JSON value', () => {
    fc.assert(
      fc.property(parsedJson(), (value) => {
        // Act
        const measured = jsonByteLength(value);

        // Assess
        expect(measured).toBe(stringifiedBytes(value));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with JSON.stringify on whether a value is over a limit, and is exact under it', () => {
    fc.assert(
      fc.property(parsedJson(), fc.nat({ max: 400 }), (value, limit) => {
        // Act
        const measured = jsonByteLength(value, limit);

        // Assess
        const size = stringifiedBytes(value);
        expect(measured > limit).toBe(size > limit);
        if (size <= limit) expect(measured).toBe(size);
      }),
      { numRuns: 300 },
    );
  });

  it('treats any value as JSON.stringify does, where it does not call toJSON', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: false, withDate: false, withBoxedValues: false }),
        (value) => {
          // Act
          const measured = jsonByteLength(value);

          // Assess
          expect(measured).toBe(stringifiedBytes(value));
        },
      ),
      { numRuns: 300 },
    );
  });
});
