import { describe, expect, it } from 'vitest';
import { jsonByteLength } from '../../../lib/json/json-size.ts';

/** `depth` arrays, each holding the next: `[[[…]]]`. */
const nested = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);

describe('jsonByteLength', () => {
  it('counts bytes, not characters', () => {
    // Prepare
    const value = { org_names: ['é', '😀'] };

    // Act
    const measured = jsonByteLength(value);

    // Assess
    expect(measured).toBe(Buffer.byteLength('{"org_names":["é","😀"]}'));
  });

  it('measures nesting deeper than JSON.stringify can write', () => {
    // Prepare
    const value = nested(100_000);

    // Act
    const measured = jsonByteLength(value);

    // Assess
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    expect(measured).toBe(200_000);
  });

  it('stops counting once over the limit', () => {
    // Prepare
    const value = Array.from({ length: 1_000_000 }, () => 'org');

    // Act
    const measured = jsonByteLength(value, 64);

    // Assess
    expect(measured).toBeGreaterThan(64);
    expect(measured).toBeLessThan(Buffer.byteLength(JSON.stringify(value)));
  });

  it('counts nothing for a value JSON.stringify writes nothing for', () => {
    // Act
    const measured = [undefined, () => 1, Symbol('s')].map((value) => jsonByteLength(value));

    // Assess
    expect(measured).toEqual([0, 0, 0]);
  });
});

describe('jsonByteLength of a bigint', () => {
  it.each([
    [12_345_678_901_234_567_890n, 20],
    [-5n, 2],
    [{ id: 10n }, Buffer.byteLength('{"id":10}')],
  ])('counts %s as its digits', (value, bytes) => {
    // Act
    const measured = jsonByteLength(value);

    // Assess
    expect(measured).toBe(bytes);
  });
});
