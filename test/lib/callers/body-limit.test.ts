import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, refuseOversized } from '../../../lib/callers/body-limit.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';

/** What `refuseOversized` threw, if anything. */
const thrownBy = (act: () => void): unknown => {
  try {
    act();
    return undefined;
  } catch (error) {
    return error;
  }
};

describe('refuseOversized', () => {
  it('accepts 64 KiB by default, and refuses one byte more with 413 BCSGW.4130001, saying its size', () => {
    // Act
    const atLimit = thrownBy(() => refuseOversized('message body', 65_536));
    const over = thrownBy(() => refuseOversized('message body', 65_537));

    // Assess
    expect(MAX_BODY_BYTES).toBe(65_536);
    expect(atLimit).toBeUndefined();
    expect(over).toBeInstanceOf(GatewayError);
    expect(over).toMatchObject({
      statusCode: 413,
      errorCode: 'BCSGW.4130001',
      message: 'The message body is 65537 bytes; at most 65536 are accepted',
    });
  });

  it('says "over" the limit when the size is only a lower bound', () => {
    // Act
    const error = thrownBy(() => refuseOversized('detail', 65_540, { exact: false }));

    // Assess
    expect(error).toMatchObject({
      errorCode: 'BCSGW.4130001',
      message: 'The detail is over 65536 bytes; at most 65536 are accepted',
    });
  });

  it('holds to the limit it is given', () => {
    // Act
    const atLimit = thrownBy(() => refuseOversized('body', 10, { maxBytes: 10 }));
    const over = thrownBy(() => refuseOversized('body', 11, { maxBytes: 10, exact: false }));

    // Assess
    expect(atLimit).toBeUndefined();
    expect(over).toMatchObject({ message: 'The body is over 10 bytes; at most 10 are accepted' });
  });
});
