import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorName } from '../../../lib/aws/aws-error.ts';

/** A name as AWS spells one: letters and digits. */
const bareName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,30}$/);
/** Text without the characters that cut a name. */
const plain = fc.string().filter((text) => !/[#,:]/.test(text));
/** A name as it may come: behind a namespace and `#`, before a `:` or `,` suffix. */
const qualified = fc
  .tuple(fc.option(plain, { nil: undefined }), bareName, fc.constantFrom('', ':', ','), fc.string())
  .map(([namespace, name, separator, tail]) => ({
    name,
    raw: `${namespace === undefined ? '' : `${namespace}#`}${name}${separator ? separator + tail : ''}`,
  }));
/** Whatever a JSON error body may hold, parsed. */
const anyBody = fc.option(fc.dictionary(fc.string(), fc.jsonValue()), { nil: undefined });

describe('errorName (properties)', () => {
  it('never throws and names with text alone, whatever the body and header', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyBody,
          fc.record({ __type: fc.jsonValue(), code: fc.jsonValue() }, { requiredKeys: [] }),
        ),
        fc.option(fc.string(), { nil: null }),
        fc.boolean(),
        (body, header, headerFirst) => {
          // Act
          const name = errorName(body, header, headerFirst);

          // Assess
          expect(name === undefined || (typeof name === 'string' && name.length > 0)).toBe(true);
          expect(name ?? '').not.toMatch(/[#,:]/);
        },
      ),
    );
  });

  it('names the error after the last # and before any : or , of __type', () => {
    fc.assert(
      fc.property(qualified, fc.option(qualified), (type, other) => {
        // Prepare
        const body = { __type: type.raw, ...(other ? { code: other.raw } : {}) };

        // Act
        const name = errorName(body, other?.raw ?? null, false);

        // Assess
        expect(name).toBe(type.name);
      }),
    );
  });

  it("names a REST-JSON error after the header's name first", () => {
    fc.assert(
      fc.property(qualified, qualified, (header, type) => {
        // Act
        const name = errorName({ __type: type.raw, code: type.raw }, header.raw, true);

        // Assess
        expect(name).toBe(header.name);
      }),
    );
  });
});
