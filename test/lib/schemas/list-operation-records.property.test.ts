import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listOperationRecordsRequest } from '../../../lib/bcs/requests.ts';
import {
  MAX_QUERY_VALUE_LENGTH,
  OPERATION_RECORD_PARAMETERS,
  OPERATION_STATUSES,
  type OperationRecordParameter,
  operationRecordQuery,
  RESOURCE_TYPES,
} from '../../../lib/schemas/list-operation-records.ts';
import { safeParse } from '../../../lib/schemas/schema.ts';
import { encodeRfc3986 } from '../../../lib/signing/canonical-request.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: the oracle names what is refused
const REFUSED_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029&#]/;

/** Any text a caller could mean as a free value (ids), valid or not. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({
    unit: fc.constantFrom('a', '-', '&', '#', '%', '+', ' ', '=', '\n', '\u0085'),
    maxLength: 8,
  }),
  fc.integer({ min: 250, max: 262 }).map((length) => 'x'.repeat(length)),
);

/** A valid free value: 1 to 256 characters, none refused, well-formed (it must be encodable). */
const freeValue = fc
  .oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 24 }),
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 24 }),
    fc.integer({ min: 250, max: MAX_QUERY_VALUE_LENGTH }).map((length) => 'y'.repeat(length)),
  )
  .filter((s) => s.length >= 1 && s.length <= MAX_QUERY_VALUE_LENGTH)
  .filter((s) => !REFUSED_CHARACTER.test(s) && s.isWellFormed());

const validValue: Record<OperationRecordParameter, fc.Arbitrary<string>> = {
  operation_id: freeValue,
  blockchain_id: freeValue,
  operation_status: fc.constantFrom(...OPERATION_STATUSES),
  resource_type: fc.constantFrom(...RESOURCE_TYPES),
  operation_type: fc.stringMatching(/^[0-9]{2}$/),
};

/** Some of the parameters, each once, in any order, with valid values. */
const validParameters = fc
  .shuffledSubarray([...OPERATION_RECORD_PARAMETERS])
  .chain((names) =>
    fc.tuple(...names.map((name) => validValue[name].map((value) => [name, value] as const))),
  );

/** The ways a caller may percent-encode a component, all meaning the same text. */
const encoders: fc.Arbitrary<(text: string) => string> = fc.constantFrom(
  encodeRfc3986,
  encodeURIComponent,
  (text: string) => encodeURIComponent(text).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
  // A form, as URLSearchParams writes it: a space is `+`.
  (text: string) => new URLSearchParams({ x: text }).toString().slice(2),
  // Every UTF-8 byte encoded, unreserved ones included.
  (text: string) =>
    [...new TextEncoder().encode(text)]
      .map((byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`)
      .join(''),
);

const rawQuery = (
  parameters: readonly (readonly [string, string])[],
  encode: (t: string) => string,
) => parameters.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&');

describe('the ListOpRecord query (properties)', () => {
  it('accepts every valid combination however it is encoded, and sends it encoded exactly once, in order', () => {
    fc.assert(
      fc.property(validParameters, encoders, (parameters, encode) => {
        // Prepare
        const raw = rawQuery(parameters, encode);

        // Act
        const parsed = safeParse(operationRecordQuery, raw);
        const query = parsed.success
          ? listOperationRecordsRequest({ path: { project_id: 'p' }, query: parsed.output }).query
          : undefined;

        // Assess
        expect(parsed.success).toBe(true);
        expect(parsed.success && Object.entries(parsed.output)).toEqual(parameters);
        expect(query).toBe(rawQuery(parameters, encodeRfc3986));
        // Decoded once, the query BCS receives is exactly what the caller meant.
        expect([...new URLSearchParams(query)]).toEqual(parameters);
        expect(query).toMatch(/^([A-Za-z0-9\-._~%]+=[A-Za-z0-9\-._~%]+(&|$))*$/);
      }),
    );
  });

  it('refuses every valid query spoiled by one hostile parameter', () => {
    const hostile = fc.oneof(
      // A parameter BCS does not define.
      fc
        .string({ minLength: 1, maxLength: 10 })
        .filter((name) => !(OPERATION_RECORD_PARAMETERS as readonly string[]).includes(name))
        .map((name) => `${encodeRfc3986(name)}=x`),
      // A value outside its rules, for each parameter.
      fc
        .tuple(
          fc.constantFrom(...OPERATION_RECORD_PARAMETERS),
          anyText.map((text) => text.toWellFormed()),
        )
        .filter(([name, value]) => !isValid(name, value))
        .map(([name, value]) => `${name}=${encodeURIComponent(value)}`),
      // Malformed percent-encoding in a value.
      fc
        .tuple(
          fc.constantFrom(...OPERATION_RECORD_PARAMETERS),
          fc.constantFrom('%', '%4', '%G0', '%E9', '%C0%AF', '%ED%A0%80', '%F8%88%80%80%80'),
        )
        .map(([name, bad]) => `${name}=a${bad}`),
    );
    fc.assert(
      fc.property(validParameters, hostile, fc.nat(), (parameters, bad, at) => {
        // Prepare
        const pieces = parameters.map(([name, value]) => `${name}=${encodeRfc3986(value)}`);
        pieces.splice(at % (pieces.length + 1), 0, bad);

        // Act
        const parsed = safeParse(operationRecordQuery, pieces.join('&'));

        // Assess
        expect(parsed.success).toBe(false);
      }),
    );
  });

  it('refuses any parameter given twice, whatever the values', () => {
    fc.assert(
      fc.property(
        validParameters.filter((parameters) => parameters.length > 0),
        fc.nat(),
        fc.nat(),
        (parameters, which, at) => {
          // Prepare
          const pieces = parameters.map(([name, value]) => `${name}=${encodeRfc3986(value)}`);
          const repeated = pieces[which % pieces.length] as string;
          pieces.splice(at % (pieces.length + 1), 0, repeated);

          // Act
          const parsed = safeParse(operationRecordQuery, pieces.join('&'));

          // Assess
          expect(parsed.success).toBe(false);
          expect(!parsed.success && parsed.issues.map((issue) => issue.message)).toContain(
            'must not be repeated',
          );
        },
      ),
    );
  });

  it('takes any string without throwing, and accepts only what obeys every rule', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc
            .array(
              fc.tuple(
                fc.constantFrom(...OPERATION_RECORD_PARAMETERS, 'x', ''),
                fc.string({
                  unit: fc.constantFrom('a', '0', '%', '2', '6', 'F', '+', '&', '='),
                  maxLength: 6,
                }),
              ),
              { maxLength: 4 },
            )
            .map((pairs) => pairs.map(([name, value]) => `${name}=${value}`).join('&')),
        ),
        (raw) => {
          // Act
          const parsed = safeParse(operationRecordQuery, raw);

          // Assess
          if (!parsed.success) return;
          const entries = Object.entries(parsed.output);
          expect(new Set(entries.map(([name]) => name)).size).toBe(entries.length);
          for (const [name, value] of entries) {
            expect(isValid(name as OperationRecordParameter, value as string)).toBe(true);
          }
        },
      ),
    );
  });
});

/** The oracle: the rules of each parameter's decoded value, written out again. */
const isValid = (name: OperationRecordParameter, value: string): boolean => {
  if (value.length < 1 || value.length > MAX_QUERY_VALUE_LENGTH) return false;
  if (REFUSED_CHARACTER.test(value)) return false;
  if (name === 'operation_status') return (OPERATION_STATUSES as readonly string[]).includes(value);
  if (name === 'resource_type') return (RESOURCE_TYPES as readonly string[]).includes(value);
  if (name === 'operation_type') return /^[0-9]{2}$/.test(value);
  return true;
};
