import { describe, expect, it } from 'vitest';
import { isJsonObject, parseJsonObject } from '../../../lib/json/json-object.ts';

describe('isJsonObject', () => {
  it('takes an object and refuses null, an array and every other kind of value', () => {
    // Prepare
    const others = [null, [], [{}], 'text', 3, true, undefined];

    // Act
    const accepted = isJsonObject({ a: 1 });
    const refused = others.filter((value) => !isJsonObject(value));

    // Assess
    expect(accepted).toBe(true);
    expect(refused).toEqual(others);
  });
});

describe('parseJsonObject', () => {
  it("hands back the object a text holds, a `__proto__` key as the object's own", () => {
    // Prepare
    const text = '{"ak":"x","__proto__":{"polluted":true}}';

    // Act
    const parsed = parseJsonObject(text);

    // Assess
    expect(parsed?.ak).toBe('x');
    expect(Object.hasOwn(parsed ?? {}, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it('is undefined for a text that is no JSON, or JSON of another kind, and never throws', () => {
    // Prepare
    const texts = ['', 'not json', '{"a":', 'null', '[]', '"text"', '42', 'true'];

    // Act
    const parsed = texts.map(parseJsonObject);

    // Assess
    expect(parsed).toEqual(texts.map(() => undefined));
  });
});
