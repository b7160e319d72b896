import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAccessKey } from '../../simulator/access-keys.ts';

const printable = (maxLength: number) =>
  fc.string({
    unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
    minLength: 1,
    maxLength,
  });

describe('parseAccessKey (property)', () => {
  it('accepts any well-formed key, unchanged', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            access: fc.stringMatching(/^[A-Za-z0-9_-]{1,128}$/),
            secret: printable(64),
            securityToken: printable(256),
            userId: fc.string({ minLength: 1 }),
          },
          { requiredKeys: ['access', 'secret'] },
        ),
        (key) => {
          // Prepare
          const json = JSON.parse(JSON.stringify(key));

          // Act
          const parsed = parseAccessKey(json);

          // Assess
          expect(parsed).toEqual(key);
        },
      ),
    );
  });

  it('answers anything else with a TypeError, never another error', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // Prepare
        const untrusted = value;

        // Act
        let thrown: unknown;
        try {
          parseAccessKey(untrusted);
        } catch (error) {
          thrown = error;
        }

        // Assess
        if (thrown !== undefined) expect(thrown).toBeInstanceOf(TypeError);
      }),
    );
  });

  it('refuses an access key with any character that could break the Authorization header', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 20 }),
        fc.constantFrom(',', ' ', '=', ';', '\n', '"'),
        fc.string({ maxLength: 20 }),
        (before, bad, after) => {
          // Prepare
          const key = { access: before + bad + after, secret: 'sk' };

          // Act
          const parse = () => parseAccessKey(key);

          // Assess
          expect(parse).toThrow(TypeError);
        },
      ),
    );
  });
});
