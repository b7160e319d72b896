/** A JSON value whose integers may be bigints (written as their exact digits). */
export type BigJson =
  | null
  | boolean
  | number
  | bigint
  | string
  | readonly BigJson[]
  | { readonly [key: string]: BigJson };

/**
 * Writes `value` as JSON text, bigints as their exact digits. BCS's step times are nanosecond
 * integers beyond 2^53: going through a JS number (as `JSON.stringify` needs) would round them.
 *
 * @example
 * toJsonText({ start_time: 1618218591951266123n }); // '{"start_time":1618218591951266123}'
 */
export function toJsonText(value: BigJson): string {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  const members = Object.entries(value).map(
    ([key, member]) => `${JSON.stringify(key)}:${toJsonText(member)}`,
  );
  return `{${members.join(',')}}`;
}
