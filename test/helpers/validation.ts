import { GatewayError } from '../../lib/errors/gateway-error.ts';
import type { Schema } from '../../lib/schemas/schema.ts';
import { validate } from '../../lib/schemas/validate.ts';

/**
 * The error `validate` throws for `input`; fails the test when it does not throw, or throws
 * anything but a {@link GatewayError}.
 *
 * @example
 * ```ts
 * const error = validationError(quitConsortium.schema, quitInput({ body: {} }));
 * expect(error.message).toContain('body.channel_name: is required');
 * ```
 */
export const validationError = (schema: Schema<unknown>, input: unknown): GatewayError => {
  let output: unknown;
  try {
    output = validate(schema, input);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw new Error(`validate threw something else than a GatewayError: ${String(error)}`, {
      cause: error,
    });
  }
  throw new Error(`validate accepted an input it should refuse: ${JSON.stringify(output)}`);
};
