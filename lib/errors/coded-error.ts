/**
 * An error of ours that no caller sees (it is logged, never answered): `name` says what went
 * wrong, `code` names it for a log query, and `cause` keeps the error that led to it.
 *
 * @example
 * ```ts
 * throw new CodedError('RetryableOutcomeError', 'BCSGW.5020002', 'BCS could not be reached', { cause });
 * ```
 */
export class CodedError extends Error {
  declare readonly code: string;

  constructor(name: string, code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
    this.code = code;
  }
}
