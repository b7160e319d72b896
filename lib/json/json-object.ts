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
  } catch {
    // No JSON: undefined, as for JSON of another kind. (An empty block leaves Stryker no
    // mutant to make of it: emptying a `return undefined` here was an equivalent one.)
  }
  return undefined;
};
