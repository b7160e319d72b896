import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readErrorAnswer } from '../../../lib/aws/aws-error.ts';

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
const status = fc.integer({ min: 300, max: 599 });
/** Header values fetch's Headers accepts. */
const headerValue = fc.string().map((text) => text.replace(/[^\t\x20-\x7e]/g, '').trim());

describe('readErrorAnswer (properties)', () => {
  it('never throws, whatever the body, headers and status', () => {
    fc.assert(
      fc.property(
        status,
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((value) => JSON.stringify(value)),
        ),
        fc.dictionary(
          fc.constantFrom('x-amzn-errortype', 'x-amzn-requestid', 'x-other'),
          headerValue,
        ),
        fc.boolean(),
        (code, text, headers, headerFirst) => {
          // Act
          const failure = readErrorAnswer(
            { status: code, headers: new Headers(headers), text },
            headerFirst,
          );

          // Assess
          expect(typeof failure.name).toBe('string');
          expect(failure.name.length).toBeGreaterThan(0);
          expect(failure.status).toBe(code);
        },
      ),
    );
  });

  it('names the error after the last # and before any : or , of __type', () => {
    fc.assert(
      fc.property(status, qualified, fc.option(qualified), (code, type, other) => {
        // Prepare
        const body = { __type: type.raw, ...(other ? { code: other.raw } : {}) };
        const headers = new Headers(other ? { 'x-amzn-errortype': other.raw } : {});

        // Act
        const { name } = readErrorAnswer(
          { status: code, headers, text: JSON.stringify(body) },
          false,
        );

        // Assess
        expect(name).toBe(type.name);
      }),
    );
  });

  it("names a REST-JSON error after the header's name first", () => {
    fc.assert(
      fc.property(status, qualified, qualified, (code, header, type) => {
        // Prepare
        const headers = new Headers({
          'x-amzn-errortype': header.raw.replace(/[^\x20-\x7e]/g, ''),
        });
        fc.pre(headers.get('x-amzn-errortype') === header.raw);

        // Act
        const { name } = readErrorAnswer(
          { status: code, headers, text: JSON.stringify({ __type: type.raw }) },
          true,
        );

        // Assess
        expect(name).toBe(header.name);
      }),
    );
  });

  it('names an answer with no usable name HTTP <status>', () => {
    fc.assert(
      fc.property(
        status,
        fc.oneof(
          fc.string().filter((text) => !text.trimStart().startsWith('{')),
          fc
            .jsonValue()
            .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value))
            .map((value) => JSON.stringify(value)),
        ),
        (code, text) => {
          // Act
          const { name } = readErrorAnswer({ status: code, headers: new Headers(), text }, false);

          // Assess
          expect(name).toBe(`HTTP ${code}`);
        },
      ),
    );
  });
});
