import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sqsSafe } from '../../../lib/publishing/dead-letter-queue.ts';

/** What SQS accepts in a message or an attribute: #x9 | #xA | #xD | #x20–#xD7FF | #xE000–#xFFFD | #x10000–#x10FFFF. */
const sqsAccepts = (codePoint: number): boolean =>
  codePoint === 0x9 ||
  codePoint === 0xa ||
  codePoint === 0xd ||
  (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
  (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
  (codePoint >= 0x10000 && codePoint <= 0x10ffff);

/** Every UTF-16 string, lone surrogates and U+FFFE/U+FFFF included. */
const anyText = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
});

describe('sqsSafe()', () => {
  it('leaves only characters SQS accepts, one U+FFFD for each it would refuse', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        // Act
        const safe = sqsSafe(text);

        // Assess
        const codePoints = [...safe].map((c) => c.codePointAt(0) ?? -1);
        expect(codePoints.every(sqsAccepts)).toBe(true);
        expect([...safe]).toHaveLength([...text].length);
      }),
    );
  });

  it('changes nothing SQS accepts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        // Prepare
        const accepted = [...text].filter((c) => sqsAccepts(c.codePointAt(0) ?? -1)).join('');

        // Act
        const safe = sqsSafe(accepted);

        // Assess
        expect(safe).toBe(accepted);
      }),
    );
  });

  it('replaces the characters a reason may echo from hostile input', () => {
    // Act
    const safe = sqsSafe('org\uFFFE\u0000\uD800x');

    // Assess
    expect(safe).toBe('org\uFFFD\uFFFD\uFFFDx');
  });
});
