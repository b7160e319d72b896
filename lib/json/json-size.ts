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
  let total = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0 && total <= stopAbove) {
    const next = pending.pop();
    if (typeof next === 'object' && next !== null) {
      // An array writes an omitted item as null; an object leaves the member out.
      const members: [string | undefined, unknown][] = Array.isArray(next)
        ? next.map((item) => [undefined, isOmitted(item) ? null : item])
        : Object.entries(next).filter(([, item]) => !isOmitted(item));
      // The brackets and the commas between members.
      total += 1 + Math.max(1, members.length);
      // Stryker disable next-line MethodExpression: the order only moves where a count over `stopAbove` stops (still over it); a full count is the same sum.
      for (const [key, item] of members.reverse()) {
        if (key !== undefined) total += Buffer.byteLength(JSON.stringify(key)) + 1;
        pending.push(item);
      }
    } else if (typeof next === 'bigint') total += String(next).length;
    // Strings, numbers (non-finite ones as null), booleans and null, as JSON writes them.
    else if (!isOmitted(next)) total += Buffer.byteLength(JSON.stringify(next));
  }
  return total;
};

/** What `JSON.stringify` leaves out of an object (and writes as `null` in an array). */
const isOmitted = (value: unknown): boolean =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol';
