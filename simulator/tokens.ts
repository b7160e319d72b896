import { randomBytes } from 'node:crypto';
import { type Clock, systemClock } from './clock.ts';

/** Who a token was issued to, and what it is scoped to (BCS needs a project). */
export interface TokenSubject {
  user: { id: string; name: string };
  domain: { id: string; name: string };
  project?: { id: string; name: string };
}

/** An issued token and its lifetime (epoch milliseconds). */
export interface IssuedToken {
  token: string;
  subject: TokenSubject;
  issuedAt: number;
  expiresAt: number;
}

// Real tokens are base64 PKCS#7 blobs of several KB starting with 'MII'.
function newTokenString(): string {
  return `MII${randomBytes(3000).toString('base64')}`;
}

/**
 * The tokens IAM has issued. A new token never revokes older ones (as at Huawei).
 *
 * @example
 * const store = new TokenStore(24 * 3600_000);
 * const { token } = store.issue(subject);
 * store.resolve(token)?.subject.project?.id;
 */
export class TokenStore {
  readonly #ttlMs: number;
  readonly #clock: Clock;
  readonly #tokens = new Map<string, IssuedToken>();

  constructor(ttlMs: number, clock: Clock = systemClock) {
    this.#ttlMs = ttlMs;
    this.#clock = clock;
  }

  issue(subject: TokenSubject, now = this.#clock()): IssuedToken {
    const issued = {
      token: newTokenString(),
      subject,
      issuedAt: now,
      expiresAt: now + this.#ttlMs,
    };
    this.#tokens.set(issued.token, issued);
    return issued;
  }

  /** The token's grant, or undefined when the token is unknown or expired. */
  resolve(token: string, now = this.#clock()): IssuedToken | undefined {
    const issued = this.#tokens.get(token);
    return issued !== undefined && now < issued.expiresAt ? issued : undefined;
  }

  /** Every token issued so far, expired ones included, oldest first. */
  issued(): string[] {
    return [...this.#tokens.keys()];
  }

  /** Every token issued so far expires now; tokens issued later are unaffected. */
  expireAll(now = this.#clock()): void {
    for (const issued of this.#tokens.values()) issued.expiresAt = Math.min(issued.expiresAt, now);
  }

  clear(): void {
    this.#tokens.clear();
  }
}

/** Huawei's time format: ISO 8601 UTC with six fractional digits (`2026-01-04T09:05:22.701000Z`). */
export function huaweiTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
