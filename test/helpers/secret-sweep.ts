/** A value that must never be written anywhere a caller or an operator can read it. */
export interface Secret {
  name: string;
  value: string;
}

/** Something the functions wrote or answered, and where it was seen. */
export interface Exhibit {
  where: string;
  text: string;
}

export interface Leak {
  secret: string;
  where: string;
}

/**
 * Secrets are searched by their fragments of this many characters, one every half fragment, so
 * that an excerpt is found too (a token cut at 300 characters, the middle of a password). Every
 * secret must be at least this long, and random enough that a fragment of it is nothing else.
 */
export const FRAGMENT_LENGTH = 16;

/**
 * Every secret in `secrets` found in any exhibit: as is, JSON-escaped or percent-encoded, whole
 * or any excerpt of at least 23 characters (`FRAGMENT_LENGTH` plus the stride, less one).
 *
 * @example
 * ```ts
 * expect(findLeaks([{ where: 'log', text: allOutput() }], [{ name: 'password', value }])).toEqual([]);
 * ```
 */
export const findLeaks = (exhibits: readonly Exhibit[], secrets: readonly Secret[]): Leak[] => {
  const owners = new Map<string, string>();
  for (const secret of secrets) {
    for (const fragment of fragmentsOf(secret)) owners.set(fragment, secret.name);
  }
  const leaks = new Map<string, Leak>();
  for (const { where, text } of exhibits) {
    for (let at = 0; at + FRAGMENT_LENGTH <= text.length; at += 1) {
      const secret = owners.get(text.slice(at, at + FRAGMENT_LENGTH));
      if (secret !== undefined) leaks.set(`${secret}\n${where}`, { secret, where });
    }
  }
  return [...leaks.values()];
};

/** The text of anything captured: a string as is, anything else as JSON (an error with its stack). */
export const exhibitText = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : value instanceof Error
      ? `${value.stack ?? ''}\n${JSON.stringify({ ...value, message: value.message })}`
      : (JSON.stringify(value) ?? String(value));

const fragmentsOf = ({ name, value }: Secret): string[] => {
  if (value.length < FRAGMENT_LENGTH) {
    throw new Error(
      `secret ${name} is shorter than ${FRAGMENT_LENGTH} characters: use a longer one`,
    );
  }
  const forms = new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]);
  const fragments: string[] = [];
  const stride = FRAGMENT_LENGTH / 2;
  for (const form of forms) {
    for (let at = 0; at + FRAGMENT_LENGTH <= form.length; at += stride) {
      fragments.push(form.slice(at, at + FRAGMENT_LENGTH));
    }
    fragments.push(form.slice(-FRAGMENT_LENGTH));
  }
  return fragments;
};
