import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, requestKey } from '../../../lib/idempotency/idempotency-key.ts';

/** Plain JSON values, with keys such as `__proto__` as real own keys (as JSON.parse makes them). */
const jsonValue = fc.jsonValue().map((value) => JSON.parse(JSON.stringify(value)) as unknown);
const jsonObject = fc
  .dictionary(fc.string(), jsonValue)
  .map((value) => JSON.parse(JSON.stringify(value)) as object);

/** The same value with the keys of every object in reverse order. */
const reversed = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(reversed);
  if (typeof value !== 'object' || value === null) return value;
  return JSON.parse(
    `{${Object.keys(value)
      .reverse()
      .map(
        (key) =>
          `${JSON.stringify(key)}:${JSON.stringify(reversed((value as Record<string, unknown>)[key]))}`,
      )
      .join(',')}}`,
  );
};

describe('canonicalJson()', () => {
  it('gives the same text whatever the order of the keys', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        // Act
        const forward = canonicalJson(value);
        const backward = canonicalJson(reversed(value));

        // Assess
        expect(backward).toBe(forward);
      }),
    );
  });

  it('loses nothing: the text parses back to an equal value, __proto__ keys included', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        // Act
        const text = canonicalJson(value);

        // Assess
        expect(JSON.parse(text)).toStrictEqual(value);
      }),
    );
    expect(canonicalJson(JSON.parse('{"__proto__":{"x":1},"a":0}'))).toBe(
      '{"__proto__":{"x":1},"a":0}',
    );
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('sorts the keys of nested objects and keeps the order of arrays', () => {
    // Act
    const text = canonicalJson({ b: [2, { d: 1, c: 0 }], a: 1 });

    // Assess
    expect(text).toBe('{"a":1,"b":[2,{"c":0,"d":1}]}');
  });
});

describe('requestKey()', () => {
  it('names the operation and holds a SHA-256, never the input itself', () => {
    // Act
    const key = requestKey(
      'quit-consortium',
      { path: { project_id: 'secret-looking' } },
      undefined,
    );

    // Assess
    expect(key).toMatch(/^quit-consortium:[0-9a-f]{64}$/);
  });

  it('tells different inputs, operations and given correlation ids apart', () => {
    fc.assert(
      fc.property(
        fc.tuple(jsonObject, jsonObject).filter(([a, b]) => canonicalJson(a) !== canonicalJson(b)),
        fc.option(fc.string(), { nil: undefined }),
        ([a, b], correlationId) => {
          // Act
          const keys = [
            requestKey('quit-consortium', a, correlationId),
            requestKey('quit-consortium', b, correlationId),
            requestKey('remove-channel-orgs', a, correlationId),
            requestKey('quit-consortium', a, `${correlationId ?? ''}-other`),
          ];

          // Assess
          expect(new Set(keys).size).toBe(4);
        },
      ),
    );
  });

  it('is the same for a redelivery: whatever the key order, and whatever X-Auth-Token', () => {
    fc.assert(
      fc.property(jsonObject, fc.string(), fc.string(), (input, tokenA, tokenB) => {
        // Act
        const first = requestKey('remove-channel-orgs', { ...input, 'X-Auth-Token': tokenA }, 'wf');
        const again = requestKey(
          'remove-channel-orgs',
          { ...(reversed(input) as object), 'X-Auth-Token': tokenB },
          'wf',
        );

        // Assess
        expect(again).toBe(first);
      }),
    );
  });
});
