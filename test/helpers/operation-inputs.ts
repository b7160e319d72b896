import fc from 'fast-check';
import type { QuitConsortiumBody, QuitConsortiumInput } from '../../lib/schemas/quit-consortium.ts';
import type { RemoveChannelOrgsInput } from '../../lib/schemas/remove-channel-orgs.ts';

/** The eight mandatory fields of the quit-consortium body, in the documented order. */
export const QUIT_BODY_FIELDS = [
  'inviter_bcsid',
  'inviter_projectid',
  'inviter_domainid',
  'inviter_username',
  'channel_name',
  'invitee_bcsid',
  'invitee_projectid',
  'invitee_domainid',
] as const;

export const REMOVE_ORGS_PATH_FIELDS = ['project_id', 'blockchain_id', 'channel_id'] as const;

/** Realistic ids: a 32-hex project id and UUID instance ids, as Huawei issues them. */
export const ids = {
  projectId: '0f5c2e8a91d34b6c8e7fa2b1c9d04e36',
  inviterProjectId: 'b45a57c1e9d2436f8a0b4c7d2e1f08a5',
  inviterDomainId: 'a38c7f2e5d914b6ca0e3b7d8f1c2d374',
  inviteeDomainId: 'd3f1a9c27b5e4c08a6f2e91b0c4d7a53',
  inviterBcsId: 'a30962b6-7d4e-4c1a-8b2f-f7ff1a0ec561',
  blockchainId: 'e97ae066-3c1b-4f2a-9d8e-f6bdb4fd3df1',
} as const;

/** A valid quit-consortium body, with some fields replaced (or removed with `undefined`). */
export const quitBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> =>
  withOverrides(
    {
      inviter_bcsid: ids.inviterBcsId,
      inviter_projectid: ids.inviterProjectId,
      inviter_domainid: ids.inviterDomainId,
      inviter_username: 'bcs-inviter',
      channel_name: 'channel',
      invitee_bcsid: ids.blockchainId,
      invitee_projectid: ids.projectId,
      invitee_domainid: ids.inviteeDomainId,
    } satisfies QuitConsortiumBody,
    overrides,
  );

/** A validated quit-consortium input, as the BCS client takes it. */
export const typedQuitInput = (projectId: string = ids.projectId): QuitConsortiumInput => ({
  path: { project_id: projectId },
  body: quitBody() as unknown as QuitConsortiumBody,
});

/** A validated remove-channel-orgs input, as the BCS client takes it. */
export const typedRemoveOrgsInput = (
  orgNames: string[] = ['organization', 'org3'],
): RemoveChannelOrgsInput => ({
  path: { project_id: ids.projectId, blockchain_id: ids.blockchainId, channel_id: 'channel' },
  body: { org_names: orgNames },
});

/** A valid raw quit-consortium input (`{ path, body }`), parts replaced as given. */
export const quitInput = (
  parts: { path?: unknown; body?: unknown; token?: unknown } = {},
): Record<string, unknown> => rawInput({ project_id: ids.projectId }, quitBody(), parts);

/** A valid remove-channel-orgs path, with some fields replaced (or removed with `undefined`). */
export const removeOrgsPath = (overrides: Record<string, unknown> = {}): Record<string, unknown> =>
  withOverrides(
    { project_id: ids.projectId, blockchain_id: ids.blockchainId, channel_id: 'channel' },
    overrides,
  );

/** A valid raw remove-channel-orgs input (`{ path, body }`), parts replaced as given. */
export const removeOrgsInput = (
  parts: { path?: unknown; body?: unknown; token?: unknown } = {},
): Record<string, unknown> =>
  rawInput(removeOrgsPath(), { org_names: ['organization', 'org3'] }, parts);

const rawInput = (
  path: unknown,
  body: unknown,
  parts: { path?: unknown; body?: unknown; token?: unknown },
): Record<string, unknown> => {
  const input: Record<string, unknown> = {
    path: 'path' in parts ? parts.path : path,
    body: 'body' in parts ? parts.body : body,
  };
  if ('token' in parts) input['X-Auth-Token'] = parts.token;
  return input;
};

const withOverrides = (
  base: Record<string, unknown>,
  overrides: Record<string, unknown>,
): Record<string, unknown> => {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete result[key];
    else result[key] = value;
  }
  return result;
};

/** An object whose own keys include `key` (as `JSON.parse` makes it, even for `__proto__`). */
export const withOwnKey = (
  base: Record<string, unknown>,
  key: string,
  value: unknown,
): Record<string, unknown> => {
  const copy: Record<string, unknown> = { ...base };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
};

// ---------------------------------------------------------------------------------------------
// fast-check arbitraries: what the rules of lib/schemas/field-rules.ts accept.

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what the rule is about
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const EDGE_WHITESPACE = /^\s|\s$/;
const PATH_UNSAFE = /[/\\?#%\s]|\.\./;

/** Does `s` obey the body-string rules (well-formed, 1..128 characters, printable, no edge whitespace)? */
export const isValidText = (s: unknown): s is string =>
  typeof s === 'string' &&
  s.isWellFormed() &&
  s.length >= 1 &&
  s.length <= 128 &&
  !CONTROL_CHARACTERS.test(s) &&
  !EDGE_WHITESPACE.test(s);

/** Does `s` obey the path-segment rules as well? */
export const isValidSegment = (s: unknown): s is string =>
  isValidText(s) && !PATH_UNSAFE.test(s) && s !== '.';

/**
 * Does `s` obey the X-Auth-Token rules (1..32768 characters, no control characters), and can
 * it travel untouched as an HTTP header value (ASCII, no whitespace at either end)?
 */
export const isValidToken = (s: unknown): s is string =>
  typeof s === 'string' &&
  s.length >= 1 &&
  s.length <= 32768 &&
  !CONTROL_CHARACTERS.test(s) &&
  /^[\x20-\x7e]*$/.test(s) &&
  !EDGE_WHITESPACE.test(s);

/** Well-formed text of many kinds: ids, ASCII, graphemes from every script, astral code points. */
const anyText = (maxLength: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,40}$/),
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength }),
    fc.string({ unit: 'binary', minLength: 1, maxLength }),
  );

/** A string every body field accepts. */
export const validText = (): fc.Arbitrary<string> =>
  fc.oneof(anyText(128), fc.constant('x'.repeat(128))).filter(isValidText);

/** A string every path parameter accepts. */
export const validSegment = (): fc.Arbitrary<string> =>
  fc.oneof(anyText(128), fc.constant('a.b'), fc.constant('_.-~')).filter(isValidSegment);

/** A token that obeys the X-Auth-Token rules (Huawei's are base64, several KB). */
export const validToken = (): fc.Arbitrary<string> =>
  fc
    .oneof(
      fc.stringMatching(/^MII[A-Za-z0-9+/=]{1,4000}$/),
      fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 200 }),
      // Huawei's longest (32,768 characters, inclusive)
      fc.constant(`MII${'A'.repeat(32_765)}`),
    )
    .filter(isValidToken);

/** A valid quit-consortium body. */
export const validQuitBody = (): fc.Arbitrary<QuitConsortiumBody> =>
  fc.record({
    inviter_bcsid: validText(),
    inviter_projectid: validText(),
    inviter_domainid: validText(),
    inviter_username: validText(),
    channel_name: validText(),
    invitee_bcsid: validText(),
    invitee_projectid: validText(),
    invitee_domainid: validText(),
  });

/** A valid remove-channel-orgs body: 1..100 distinct names. */
export const validOrgNames = (): fc.Arbitrary<string[]> =>
  fc.uniqueArray(validText(), { minLength: 1, maxLength: 100 });

/** The ways a mandatory string field can be broken, each with the reason the message gives. */
export type Breakage = { value: unknown; reason: string } | { missing: true; reason: string };

/** A breakage that prints shortly in a counterexample (a 32769-character token would not). */
const broken = (value: unknown, reason: string): Breakage =>
  Object.assign(
    { value, reason },
    {
      [fc.toStringMethod]: () =>
        `{value: ${typeof value === 'string' && value.length > 40 ? `'${value.slice(0, 10)}…' (${value.length} chars)` : fc.stringify(value)}, reason: '${reason}'}`,
    },
  );

const missing: Breakage = { missing: true, reason: 'is required' };

const NOT_A_STRING: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.nat(), { maxKeys: 2 }),
);

/** A broken value for a body string (a breakage that breaks exactly one rule). */
export const brokenText = (): fc.Arbitrary<Breakage> =>
  fc.oneof(
    fc.constant(missing),
    NOT_A_STRING.map((value) => broken(value, 'must be a string')),
    fc.constant(broken('', 'must not be empty')),
    fc
      .integer({ min: 129, max: 400 })
      .map((n) => broken('x'.repeat(n), 'must be at most 128 characters')),
    fc
      .constantFrom('\u0000', '\t', '\n', '\u001b', '\u007f', '\u0085', '\u2028')
      .map((c) => broken(`a${c}b`, 'must not contain control characters')),
    fc
      .constantFrom(' a', 'a ', '\u00a0a', 'a\u3000')
      .map((value) => broken(value, 'must not start or end with whitespace')),
  );

/** A broken value for a path parameter (including the characters only a URL cares about). */
export const brokenSegment = (): fc.Arbitrary<Breakage> =>
  fc.oneof(
    brokenText(),
    fc
      .constantFrom('a/b', 'a\\b', 'a?b', 'a#b', 'a%2Fb', '..', 'a..b', 'a b', '.')
      .map((value) =>
        broken(value, "must not contain '/', '\\', '?', '#', '%', whitespace or '..'"),
      ),
  );

/** A broken X-Auth-Token (it is optional: absent is not a breakage). */
export const brokenToken = (): fc.Arbitrary<Breakage> =>
  fc.oneof(
    NOT_A_STRING.map((value) => broken(value, 'must be a string')),
    fc.constant(broken('', 'must not be empty')),
    fc.constant(broken('x'.repeat(32769), 'must be at most 32768 characters')),
    fc.constant(broken('a\u0000b', 'must be printable ASCII (an HTTP header value)')),
    fc.constant(broken(' tok', 'must not start or end with whitespace')),
  );

/** A broken org_names (the whole array, or one of its names). */
export const brokenOrgNames = (): fc.Arbitrary<Breakage> =>
  fc.oneof(
    fc.constant(missing),
    fc.constant(broken([], 'must name at least one organization')),
    fc.constant(
      broken(
        Array.from({ length: 101 }, (_, i) => `org${i}`),
        'must name at most 100 organizations',
      ),
    ),
    fc.constant(broken(['org1', 'org1'], 'repeats an organization named earlier')),
    brokenText()
      .filter((b): b is { value: unknown; reason: string } => 'value' in b)
      .map((b) => broken(['org1', b.value], b.reason)),
  );
