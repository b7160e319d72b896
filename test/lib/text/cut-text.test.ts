import { describe, expect, it } from 'vitest';
import { cutText } from '../../../lib/text/cut-text.ts';

describe('cutText()', () => {
  it('keeps a text of exactly the length as it is', () => {
    // Prepare
    const text = 'abcd';

    // Act
    const cut = cutText(text, 4);

    // Assess
    expect(cut).toBe('abcd');
  });

  it('keeps a text of exactly the length as it is, even one ending in half a pair', () => {
    // Prepare: the lone surrogate was there already; the cut does not make it
    const text = 'abc\uD800';

    // Act
    const cut = cutText(text, 4);

    // Assess
    expect(cut).toBe('abc\uD800');
  });

  it('keeps the first maxLength units of a longer text', () => {
    // Prepare
    const text = 'abcdef';

    // Act
    const cut = cutText(text, 4);

    // Assess
    expect(cut).toBe('abcd');
  });

  it.each([
    ['U+10000, the first pair (D800 DC00)', '\u{10000}'],
    ['U+1F600, an emoji (D83D DE00)', '😀'],
    ['U+10FFFF, the last pair (DBFF DFFF)', '\u{10FFFF}'],
  ])('drops the whole of %s rather than its first half', (_kind, pair) => {
    // Prepare
    const text = `abc${pair}def`;

    // Act
    const cut = cutText(text, 4);

    // Assess
    expect(cut).toBe('abc');
  });

  it.each([
    ['U+10000', '\u{10000}'],
    ['U+10FFFF', '\u{10FFFF}'],
  ])('keeps %s whole when the cut falls just after it', (_kind, pair) => {
    // Prepare
    const text = `ab${pair}def`;

    // Act
    const cut = cutText(text, 4);

    // Assess
    expect(cut).toBe(`ab${pair}`);
  });

  it('keeps a character just below the surrogates (U+D7FF) and one just above them (U+E000)', () => {
    // Prepare
    const texts = ['abc\uD7FFdef', 'abc\uE000def'];

    // Act
    const cuts = texts.map((text) => cutText(text, 4));

    // Assess
    expect(cuts).toEqual(['abc\uD7FF', 'abc\uE000']);
  });
});
