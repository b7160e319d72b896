import type { SeedAccessKey, SeedAccount, SeedUser } from './seed.ts';

/** Huawei locks an access key for five minutes after five bad signatures in a row. */
export const LOCK_AFTER_BAD_SIGNATURES = 5;
export const LOCK_MS = 5 * 60 * 1000;

/** Whose key it is, and the projects its requests may act in (every project of the account). */
export interface AccessKeyOwner {
  userId: string;
  domainId: string;
  projectIds: readonly string[];
}

/** A known access key and its owner. */
export interface KnownAccessKey {
  key: SeedAccessKey;
  owner: AccessKeyOwner;
}

/** An access key to add through the control API; `userId` defaults to the seed's first user. */
export type NewAccessKey = SeedAccessKey & { userId?: string };

// Keys go into `Access=<AK>,` of a header and into header values: keep them printable and unsplittable.
const ACCESS = /^[A-Za-z0-9_-]{1,128}$/;
const HEADER_SAFE = /^[\x21-\x7e]{1,8192}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks an untrusted access key (from the control API). Throws a TypeError naming the problem.
 *
 * @example
 * parseAccessKey(JSON.parse('{"access":"MYAK","secret":"my-sk","securityToken":"gQ..."}'));
 */
export function parseAccessKey(value: unknown): NewAccessKey {
  if (!isRecord(value)) throw new TypeError('an access key must be a JSON object');
  const { access, secret, securityToken, userId } = value;
  if (typeof access !== 'string' || !ACCESS.test(access)) {
    throw new TypeError('access must be 1 to 128 letters, digits, - or _');
  }
  if (typeof secret !== 'string' || !HEADER_SAFE.test(secret)) {
    throw new TypeError('secret must be 1 to 8192 printable ASCII characters without spaces');
  }
  const key: NewAccessKey = { access, secret };
  if (securityToken !== undefined) {
    if (typeof securityToken !== 'string' || !HEADER_SAFE.test(securityToken)) {
      throw new TypeError(
        'securityToken must be 1 to 8192 printable ASCII characters without spaces',
      );
    }
    key.securityToken = securityToken;
  }
  if (userId !== undefined) {
    if (typeof userId !== 'string' || userId === '') throw new TypeError('userId must be a string');
    key.userId = userId;
  }
  return key;
}

/**
 * The access keys the gateway knows, and their lockouts. Times are the simulator's clock.
 *
 * @example
 * const keys = new AccessKeyStore(seed.accounts);
 * if (!keys.isLocked(ak, now)) keys.noteBadSignature(ak, now);
 */
export class AccessKeyStore {
  readonly #accounts: readonly SeedAccount[];
  readonly #keys = new Map<string, KnownAccessKey>();
  readonly #badSignatures = new Map<string, number>();
  readonly #lockedUntil = new Map<string, number>();

  /** Knows every key of every user of `accounts`. */
  constructor(accounts: readonly SeedAccount[]) {
    this.#accounts = accounts;
    for (const user of accounts.flatMap((account) => account.users)) {
      for (const key of user.accessKeys ?? []) this.add({ ...key, userId: user.id });
    }
  }

  /**
   * Adds a key of `userId` (default: the first user of the first account). Throws a TypeError
   * for an unknown user or an AK already known.
   */
  add({ userId, ...key }: NewAccessKey): void {
    const owns = (user: SeedUser) => userId === undefined || user.id === userId;
    const account = this.#accounts.find((candidate) => candidate.users.some(owns));
    const user = account?.users.find(owns);
    if (account === undefined || user === undefined)
      throw new TypeError(`no user ${userId ?? '(the seed has none)'}`);
    if (this.#keys.has(key.access)) {
      throw new TypeError(`the access key ${key.access} exists already`);
    }
    const projectIds = account.projects.map((project) => project.id);
    const owner = { userId: user.id, domainId: account.domainId, projectIds };
    this.#keys.set(key.access, { key, owner });
  }

  find(access: string): KnownAccessKey | undefined {
    return this.#keys.get(access);
  }

  /** Whether the key is locked now; a lock that has run out is lifted (and the count restarts). */
  isLocked(access: string, now: number): boolean {
    const until = this.#lockedUntil.get(access);
    if (until === undefined) return false;
    if (now < until) return true;
    this.#lockedUntil.delete(access);
    this.#badSignatures.delete(access);
    return false;
  }

  /** Counts a bad signature; the fifth in a row locks the key for five minutes from `now`. */
  noteBadSignature(access: string, now: number): void {
    const count = (this.#badSignatures.get(access) ?? 0) + 1;
    if (count < LOCK_AFTER_BAD_SIGNATURES) {
      this.#badSignatures.set(access, count);
      return;
    }
    this.#badSignatures.delete(access);
    this.#lockedUntil.set(access, now + LOCK_MS);
  }

  /** A good signature ends the run of bad ones. */
  noteGoodSignature(access: string): void {
    this.#badSignatures.delete(access);
  }

  /** Lifts every lock and forgets every bad signature. */
  resetLockouts(): void {
    this.#badSignatures.clear();
    this.#lockedUntil.clear();
  }
}
