import { describe, expect, it } from 'vitest';
import * as ErrorCodes from '../../../lib/errors/error-codes.ts';
import { statusOf } from '../../../lib/errors/gateway-error.ts';

const entries = Object.entries(ErrorCodes).map(
  ([name, code]) => [name, { code, status: statusOf(code) }] as const,
);

describe('ErrorCodes', () => {
  it.each(entries)('%s has an error_code of 8 to 36 characters, like BCS', (_name, { code }) => {
    // Prepare
    const { length } = code;

    // Act
    const withinBounds = length >= 8 && length <= 36;

    // Assess
    expect(withinBounds).toBe(true);
  });

  it.each(entries)('%s reads BCSGW.<status><4 digits> with its own status', (_name, entry) => {
    // Prepare
    const pattern = /^BCSGW\.(\d{3})(\d{4})$/;

    // Act
    const match = pattern.exec(entry.code);

    // Assess
    expect(match).not.toBeNull();
    expect(Number(match?.[1])).toBe(entry.status);
  });

  it.each(entries)('%s has an HTTP error status (400 to 599)', (_name, { status }) => {
    // Prepare
    const isErrorStatus = (s: number) => Number.isInteger(s) && s >= 400 && s <= 599;

    // Act
    const valid = isErrorStatus(status);

    // Assess
    expect(valid).toBe(true);
  });

  it('gives every entry a code of its own', () => {
    // Prepare
    const codes = entries.map(([, { code }]) => code);

    // Act
    const distinct = new Set(codes);

    // Assess
    expect(distinct.size).toBe(codes.length);
  });

  it('keeps the codes the product contract names', () => {
    // Prepare
    const expected = {
      invalidInput: ['BCSGW.4000001', 400],
      malformedJson: ['BCSGW.4000002', 400],
      noCredentials: ['BCSGW.4010001', 401],
      projectNotAllowed: ['BCSGW.4030001', 403],
      unsupportedContentType: ['BCSGW.4150001', 415],
      unexpected: ['BCSGW.5000001', 500],
      misconfigured: ['BCSGW.5000002', 500],
      signInFailed: ['BCSGW.5020001', 502],
      bcsUnreachable: ['BCSGW.5020002', 502],
      bcsGarbage: ['BCSGW.5020003', 502],
      secretUnavailable: ['BCSGW.5020004', 502],
      bcsTimeout: ['BCSGW.5040001', 504],
      signInTimeout: ['BCSGW.5040002', 504],
    } as const;

    // Act
    const actual = Object.fromEntries(
      Object.entries(ErrorCodes)
        .filter(([name]) => Object.hasOwn(expected, name))
        .map(([name, code]) => [name, [code, statusOf(code)]]),
    );

    // Assess
    expect(actual).toEqual(expected);
  });
});
