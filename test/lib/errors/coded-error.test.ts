import { describe, expect, it } from 'vitest';
import { CodedError } from '../../../lib/errors/coded-error.ts';

describe('CodedError', () => {
  it('says what went wrong by its name, names it by its code, and keeps its cause', () => {
    // Prepare
    const cause = new Error('socket hang up');

    // Act
    const error = new CodedError('OutcomeNotPublishedError', 'BCSGW.5020002', 'not published', {
      cause,
    });

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('OutcomeNotPublishedError');
    expect(error.code).toBe('BCSGW.5020002');
    expect(error.message).toBe('not published');
    expect(error.cause).toBe(cause);
  });
});
