/** JSON's two-character escapes (RFC 8259 §7); any other unit can only be `\uXXXX`. */
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * `text` with every occurrence of `secret` replaced by `***`: the secret as it is, and the
 * secret written inside a JSON string by any encoder (a service that echoes our request in its
 * error message quotes the password JSON-escaped, and encoders differ: `"` as `\"` or
 * `\u0022`, U+2028 or `é` raw or as `\u2028`, `\u00E9`). An empty secret redacts nothing.
 *
 * @example
 * ```ts
 * redactSecret('bad body: {"password":"a\\"b"}', 'a"b'); // 'bad body: {"password":"***"}'
 * ```
 */
export const redactSecret = (text: string, secret: string): string =>
  secret === '' ? text : text.replace(new RegExp(anyEncodingOf(secret), 'g'), '***');

/**
 * A pattern for `secret` with each UTF-16 unit raw or JSON-escaped, each independently. The
 * escapes come first, so that a backslash of the secret is not matched inside an escape.
 */
const anyEncodingOf = (secret: string): string =>
  Array.from({ length: secret.length }, (_, index) => {
    const unit = secret.charAt(index);
    const hex = secret.charCodeAt(index).toString(16).padStart(4, '0');
    const short = SHORT_ESCAPES[unit];
    const forms = [
      `\\\\u${hex.replace(/[a-f]/g, (digit) => `[${digit}${digit.toUpperCase()}]`)}`,
      ...(short === undefined ? [] : [escapeRegExp(short)]),
      escapeRegExp(unit),
    ];
    return `(?:${forms.join('|')})`;
  }).join('');

const escapeRegExp = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
