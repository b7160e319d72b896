/**
 * Whether `value` is a JSON object: an object, neither `null` nor an array. The functions
 * read their inputs, secrets and upstream answers as such.
 *
 * @example
 * ```ts
 * isJsonObject({ a: 1 }); // true
 * isJsonObject([1]); // false
 * ```
 */
export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The JSON object `text` holds, or `undefined` when it is no JSON, or JSON of another kind
 * (an array, a string, `null`...). Never throws.
 *
 * @example
 * ```ts
 * parseJsonObject('{"ak":"x"}'); // { ak: 'x' }
 * parseJsonObject('not json'); // undefined
 * ```
 */
export const parseJsonObject = (text: string): Record<string, unknown> | undefined => {
  try {
    const json: unknown = JSON.parse(text);
    return isJsonObject(json) ? json : undefined;
    // Stryker disable next-line BlockStatement: without the return, the function returns undefined all the same.
  } catch {
    return undefined;
  }
};
