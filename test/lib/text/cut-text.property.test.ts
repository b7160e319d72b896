import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutText } from '../../../lib/text/cut-text.ts';

/** Text rich in surrogate pairs, the edges of the surrogate ranges most of all. */
const wellFormedText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\u{10000}', '\u{103FF}', '\u{10FC00}', '\u{10FFFF}', '\uD7FF', '\uE000'),
    fc.integer({ min: 0x10000, max: 0x10ffff }).map((code) => String.fromCodePoint(code)),
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 40,
});

/** Anything, lone surrogates included. */
const anyText = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  maxLength: 40,
});

describe('cutText (properties)', () => {
  it('keeps well-formed text well-formed, wherever the cut falls', () => {
    fc.assert(
      fc.property(wellFormedText, fc.nat({ max: 80 }), (text, maxLength) => {
        // Act
        const cut = cutText(text, maxLength);

        // Assess
        expect(cut.isWellFormed()).toBe(true);
      }),
    );
  });

  it('keeps a prefix of at most maxLength units, losing at most the one unit of a split pair', () => {
    fc.assert(
      fc.property(anyText, fc.nat({ max: 80 }), (text, maxLength) => {
        // Act
        const cut = cutText(text, maxLength);

        // Assess
        expect(text.startsWith(cut)).toBe(true);
        expect(cut.length).toBeLessThanOrEqual(maxLength);
        expect(cut.length).toBeGreaterThanOrEqual(Math.min(text.length, maxLength) - 1);
      }),
    );
  });

  it('cuts one unit short only to drop the first half of a pair', () => {
    fc.assert(
      fc.property(anyText, fc.nat({ max: 80 }), (text, maxLength) => {
        // Act
        const cut = cutText(text, maxLength);

        // Assess
        const code = text.charCodeAt(maxLength - 1);
        const dropsHalf = text.length > maxLength && code >= 0xd800 && code <= 0xdbff;
        expect(cut.length).toBe(dropsHalf ? maxLength - 1 : Math.min(text.length, maxLength));
      }),
    );
  });
});
