import { type Rule, type Schema, string } from './schema.ts';

/**
 * The rules every field of both operations obeys. Huawei documents no length or pattern limits
 * (its SDKs check presence only), so every bound below is **our** choice: loose enough for any
 * real id or name, tight enough that nothing odd reaches BCS. They are documented in
 * docs/callers.md (Input rules) and docs/openapi.json, which test/docs/openapi.test.ts holds to
 * these schemas.
 */
export const MAX_FIELD_LENGTH = 128;
export const MAX_ORG_NAMES = 100;
/** From the seed page: `X-Auth-Token` is 1 to 32768 characters. */
export const MAX_TOKEN_LENGTH = 32768;

/**
 * C0 and C1 control characters (exactly `\p{Cc}`, written out: a `\p{...}` literal costs a
 * quarter of a millisecond of ICU set-up at load) and the two Unicode line separators.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what the rule is about
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const EDGE_WHITESPACE = /^\s|\s$/;
/** Characters that could change the meaning of a URL path if a segment carried them. */
const PATH_UNSAFE = /[/\\?#%\s]|\.\./;

const NOT_EMPTY: Rule<string> = [(s) => s.length >= 1, 'must not be empty'];
const NO_EDGE_WHITESPACE: Rule<string> = [
  (s) => !EDGE_WHITESPACE.test(s),
  'must not start or end with whitespace',
];

/** The rules of {@link bodyString}, in the order they are reported. */
const BODY_STRING_RULES: Rule<string>[] = [
  NOT_EMPTY,
  [(s) => s.length <= MAX_FIELD_LENGTH, `must be at most ${MAX_FIELD_LENGTH} characters`],
  [(s) => !CONTROL_CHARACTERS.test(s), 'must not contain control characters'],
  NO_EDGE_WHITESPACE,
  // A lone surrogate cannot be encoded as UTF-8 (encodeURIComponent throws on it).
  [(s) => s.isWellFormed(), 'must be well-formed Unicode (no lone surrogate)'],
];

/**
 * A mandatory body string: present, non-empty, at most {@link MAX_FIELD_LENGTH} characters,
 * no control characters, no whitespace at either end (nothing is trimmed silently).
 *
 * @example
 * ```ts
 * safeParse(exactObject({ channel_name: bodyString() }), { channel_name: 'channel' });
 * ```
 */
export const bodyString = (): Schema<string> => string('must be a string', ...BODY_STRING_RULES);

/**
 * A path parameter: a {@link bodyString} that also cannot smuggle `/`, `\`, `?`, `#`, `%`,
 * whitespace or `..` into the URL. Segments are percent-encoded as well; this rule makes
 * sure a strange value is refused with a clear message rather than sent encoded.
 *
 * @example
 * ```ts
 * safeParse(pathSegment(), 'channel'); // { success: true, output: 'channel' }
 * ```
 */
export const pathSegment = (): Schema<string> =>
  string('must be a string', ...BODY_STRING_RULES, [
    (s) => !PATH_UNSAFE.test(s) && s !== '.',
    "must not contain '/', '\\', '?', '#', '%', whitespace or '..'",
  ]);

/**
 * The caller's own `X-Auth-Token`, when it sends one: passed on untouched, so it must be a
 * valid header value as it is (printable ASCII, nothing a header would trim).
 */
export const authToken = (): Schema<string> =>
  string(
    'must be a string',
    NOT_EMPTY,
    [(s) => s.length <= MAX_TOKEN_LENGTH, `must be at most ${MAX_TOKEN_LENGTH} characters`],
    [(s) => /^[\x20-\x7e]*$/.test(s), 'must be printable ASCII (an HTTP header value)'],
    NO_EDGE_WHITESPACE,
  );
