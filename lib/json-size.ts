/**
 * The size in bytes of `value` as UTF-8 JSON text, as `JSON.stringify` would write it, counted
 * without writing it: an already-parsed request (an EventBridge `detail`, a worker's input)
 * can be measured before anything else reads it. The walk is iterative, so nesting of any
 * depth is measured (where `JSON.stringify` would overflow the stack), and it stops as soon as
 * the count passes `stopAbove`: the cost of measuring is bounded by the limit, not by the
 * value. The result is then some number above `stopAbove`, not the exact size.
 *
 * Exact for what `JSON.parse` makes (objects, arrays, strings, finite numbers, booleans,
 * null); otherwise as `JSON.stringify` treats a value: non-finite numbers are `null`,
 * `undefined`, functions and symbols are left out of objects and are `null` in arrays, and
 * only own enumerable string keys count (`toJSON` is not called). A bigint counts as its digits.
 *
 * @example
 * ```ts
 * jsonByteLength({ org_names: ['é'] }); // 18, as Buffer.byteLength('{"org_names":["é"]}')
 * jsonByteLength(detail, 65_536) > 65_536; // true when detail is over 64 KiB as JSON
 * ```
 */
export const jsonByteLength = (value: unknown, stopAbove = Number.POSITIVE_INFINITY): number => {
  if (isOmitted(value)) return 0;
  let total = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0 && total <= stopAbove) {
    const next = pending.pop();
    if (typeof next === 'string') total += Buffer.byteLength(JSON.stringify(next));
    else if (typeof next === 'number') total += Number.isFinite(next) ? String(next).length : 4;
    else if (typeof next === 'boolean') total += next ? 4 : 5;
    else if (typeof next === 'bigint') total += String(next).length;
    else if (Array.isArray(next)) {
      total += 2 + Math.max(0, next.length - 1);
      if (total > stopAbove) break;
      for (let index = next.length - 1; index >= 0; index--) {
        const item: unknown = next[index];
        pending.push(isOmitted(item) ? null : item);
      }
    } else if (typeof next === 'object' && next !== null) {
      const keys = Object.keys(next).filter(
        (key) => !isOmitted((next as Record<string, unknown>)[key]),
      );
      total += 2 + Math.max(0, keys.length - 1);
      for (const key of keys) {
        if (total > stopAbove) break;
        total += Buffer.byteLength(JSON.stringify(key)) + 1;
        pending.push((next as Record<string, unknown>)[key]);
      }
    } else total += 4; // null
  }
  return total;
};

/** What `JSON.stringify` leaves out of an object (and writes as `null` in an array). */
const isOmitted = (value: unknown): boolean =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol';
