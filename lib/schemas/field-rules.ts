import * as v from 'valibot';

/**
 * The rules every field of both operations obeys. Huawei documents no length or pattern limits
 * (its SDKs check presence only), so every bound below is **our** choice, documented in the
 * README: loose enough for any real id or name, tight enough that nothing odd reaches BCS.
 */
export const MAX_FIELD_LENGTH = 128;
export const MAX_ORG_NAMES = 100;
/** From the seed page: `X-Auth-Token` is 1 to 32768 characters. */
export const MAX_TOKEN_LENGTH = 32768;

/** C0 and C1 control characters (\p{Cc}) and the two Unicode line separators. */
const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029]/u;
const EDGE_WHITESPACE = /^\s|\s$/;
/** Characters that could change the meaning of a URL path if a segment carried them. */
const PATH_UNSAFE = /[/\\?#%\s]|\.\./;

/**
 * A mandatory body string: present, non-empty, at most {@link MAX_FIELD_LENGTH} characters,
 * no control characters, no whitespace at either end (nothing is trimmed silently).
 *
 * @example
 * ```ts
 * v.parse(v.object({ channel_name: bodyString() }), { channel_name: 'channel' });
 * ```
 */
export const bodyString = () =>
  v.pipe(
    v.string('must be a string'),
    v.minLength(1, 'must not be empty'),
    v.maxLength(MAX_FIELD_LENGTH, `must be at most ${MAX_FIELD_LENGTH} characters`),
    v.check((s) => !CONTROL_CHARACTERS.test(s), 'must not contain control characters'),
    v.check((s) => !EDGE_WHITESPACE.test(s), 'must not start or end with whitespace'),
    // A lone surrogate cannot be encoded as UTF-8 (encodeURIComponent throws on it).
    v.check((s) => s.isWellFormed(), 'must be well-formed Unicode (no lone surrogate)'),
  );

/**
 * A path parameter: a {@link bodyString} that also cannot smuggle `/`, `\`, `?`, `#`, `%`,
 * whitespace or `..` into the URL. Segments are percent-encoded as well; this rule makes
 * sure a strange value is refused with a clear message rather than sent encoded.
 *
 * @example
 * ```ts
 * v.parse(pathSegment(), 'channel'); // 'channel'
 * ```
 */
export const pathSegment = () =>
  v.pipe(
    bodyString(),
    v.check(
      (s) => !PATH_UNSAFE.test(s) && s !== '.',
      "must not contain '/', '\\', '?', '#', '%', whitespace or '..'",
    ),
  );

/**
 * The caller's own `X-Auth-Token`, when it sends one: passed on untouched, so it must be a
 * valid header value as it is (printable ASCII, nothing a header would trim).
 */
export const authToken = () =>
  v.pipe(
    v.string('must be a string'),
    v.minLength(1, 'must not be empty'),
    v.maxLength(MAX_TOKEN_LENGTH, `must be at most ${MAX_TOKEN_LENGTH} characters`),
    v.check((s) => /^[\x20-\x7e]*$/.test(s), 'must be printable ASCII (an HTTP header value)'),
    v.check((s) => !EDGE_WHITESPACE.test(s), 'must not start or end with whitespace'),
  );

/**
 * An object of exactly these fields: anything but a plain object is refused, and every field
 * that is not part of the operation is reported (not silently dropped), each by name.
 *
 * @example
 * ```ts
 * const schema = exactObject({ org_names: v.array(bodyString()) });
 * ```
 */
export const exactObject = <const E extends v.ObjectEntries>(entries: E) =>
  v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, 'must be a JSON object'),
    v.looseObject(entries),
    v.rawCheck(({ dataset, addIssue }) => {
      const input = dataset.value as Record<string, unknown>;
      for (const key of Object.keys(input)) {
        if (Object.hasOwn(entries, key)) continue;
        addIssue({
          message: 'is not a field of this operation',
          path: [{ type: 'object', origin: 'key', input, key, value: input[key] }],
        });
      }
    }),
  );

const isPlainObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
