import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTrustedSources } from '../../../lib/config/event-sources.ts';

/** An EventBridge source as a deployment writes it: no comma, no surrounding space. */
const source = () =>
  fc
    .string({ minLength: 1, maxLength: 40 })
    .map((text) => text.replaceAll(',', '').trim())
    .filter((text) => text !== '');

/** Spaces a person may type around a comma. */
const padding = () => fc.constantFrom('', ' ', '  ', '\t');

describe('readTrustedSources, for any list', () => {
  it('trusts exactly the sources listed, however the list is spaced', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(padding(), source(), padding()), { minLength: 1, maxLength: 8 }),
        (entries) => {
          // Prepare
          const env = {
            ALLOWED_EVENT_SOURCES: entries
              .map(([before, name, after]) => before + name + after)
              .join(','),
          };

          // Act
          const trusted = readTrustedSources(env);

          // Assess
          expect(trusted).toEqual(new Set(entries.map(([, name]) => name)));
        },
      ),
    );
  });

  it('never trusts a source that is not listed', () => {
    fc.assert(
      fc.property(fc.array(source(), { minLength: 1, maxLength: 8 }), source(), (listed, other) => {
        // Prepare
        const env = { ALLOWED_EVENT_SOURCES: listed.join(',') };

        // Act
        const trusted = readTrustedSources(env);

        // Assess
        expect(trusted?.has(other)).toBe(listed.includes(other));
      }),
    );
  });
});
