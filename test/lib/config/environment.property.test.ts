import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commaSeparated } from '../../../lib/config/environment.ts';

/** Items as a person types them: no comma inside, maybe blank around. */
const item = fc.string().filter((text) => !text.includes(','));

describe('commaSeparated', () => {
  it('reads back the trimmed, non-empty items a setting was written with', () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1 }), (items) => {
        // Prepare
        const value = items.join(',');

        // Act
        const read = commaSeparated(value);

        // Assess
        const wanted = items.map((text) => text.trim()).filter((text) => text !== '');
        if (value.trim() === '') expect(read).toBeUndefined();
        else expect(read).toEqual(new Set(wanted));
      }),
      { numRuns: 300 },
    );
  });

  it('never holds an item with a comma, blank around it, or empty', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        // Act
        const read = [...(commaSeparated(value) ?? [])];

        // Assess
        expect(
          read.filter((text) => text === '' || text.includes(',') || text !== text.trim()),
        ).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
