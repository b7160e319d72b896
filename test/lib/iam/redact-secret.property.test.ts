import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactSecret } from '../../../lib/iam/redact-secret.ts';

/** Any UTF-16 unit, lone surrogates and control characters included. */
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

/** A JSON string body (no quotes) for `text`, each unit written one of the ways JSON allows. */
const anyJsonEncoding = (text: string): fc.Arbitrary<string> =>
  fc.tuple(...Array.from({ length: text.length }, () => fc.nat({ max: 2 }))).map((choices) =>
    Array.from({ length: text.length }, (_, index) => {
      const unit = text.charAt(index);
      const hex = unit.charCodeAt(0).toString(16).padStart(4, '0');
      const way = choices[index] ?? 0;
      if (way === 1) return `\\u${hex}`;
      if (way === 2) return `\\u${hex.toUpperCase()}`;
      return JSON.stringify(unit).slice(1, -1);
    }).join(''),
  );

describe('redactSecret (properties)', () => {
  it('leaves no trace of the secret, however a JSON encoder wrote it', () => {
    fc.assert(
      fc.property(
        fc
          .string({ unit: anyUnit, minLength: 1, maxLength: 24 })
          .chain((secret) => fc.tuple(fc.constant(secret), anyJsonEncoding(secret))),
        ([secret, written]) => {
          // Prepare
          const text = `{"password":"${written}"}`;

          // Act
          const redacted = redactSecret(text, secret);

          // Assess: still JSON (no escape cut in half), and all of the password is gone
          const { password } = JSON.parse(redacted) as { password: string };
          expect(password).toMatch(/^(\*\*\*)+$/);
        },
      ),
    );
  });

  it('changes nothing in a text that holds the secret in no form', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }),
        fc.string({ unit: 'grapheme-ascii' }),
        (secret, text) => {
          // Prepare
          fc.pre(!text.includes(secret) && !text.includes('\\'));

          // Act
          const redacted = redactSecret(text, secret);

          // Assess
          expect(redacted).toBe(text);
        },
      ),
    );
  });
});
