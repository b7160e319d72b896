import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';
import { misconfigured } from '../../../lib/errors/misconfigured.ts';

describe('misconfigured()', () => {
  it('is a 500 BCSGW.5000002 worded as a configuration error, never retried', () => {
    // Prepare
    const what = 'Set HUAWEICLOUD_REGION or BCS_ENDPOINT';

    // Act
    const error = misconfigured(what);

    // Assess
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({
      statusCode: 500,
      errorCode: 'BCSGW.5000002',
      message: 'Configuration error: Set HUAWEICLOUD_REGION or BCS_ENDPOINT',
      delivery: 'final',
    });
  });
});
