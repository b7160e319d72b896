import * as ErrorCodes from './error-codes.ts';
import { GatewayError } from './gateway-error.ts';

/**
 * The error of a setting of this deployment that cannot be used (`BCSGW.5000002`), worded
 * `Configuration error: <what is wrong>`. The message names the setting, never its value.
 *
 * @example
 * ```ts
 * throw misconfigured('Set HUAWEICLOUD_REGION or BCS_ENDPOINT');
 * ```
 */
export const misconfigured = (message: string): GatewayError =>
  new GatewayError(ErrorCodes.misconfigured, `Configuration error: ${message}`);
