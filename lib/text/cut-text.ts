/**
 * The start of `text`, at most `maxLength` UTF-16 units long, cut where no character is split:
 * when the cut would keep the first half of a surrogate pair (an emoji, a rare CJK character)
 * and drop the second, the first goes too. A lone surrogate is not text: `encodeURIComponent`
 * throws on it, and JSON can only write it as an escape.
 *
 * @example
 * ```ts
 * cutText('ab😀', 3); // 'ab' (not 'ab\uD83D')
 * ```
 */
export const cutText = (text: string, maxLength: number): string => {
  if (text.length <= maxLength) return text;
  const last = text.charCodeAt(maxLength - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? maxLength - 1 : maxLength);
};
