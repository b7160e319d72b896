import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as ErrorCodes from '../../../lib/errors/error-codes.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';
import { clampMessage, errorBody, normalizeError } from '../../../lib/errors/normalize-error.ts';

const anyString = fc.oneof(
  fc.string({ maxLength: 1200 }),
  fc.string({ unit: 'binary', maxLength: 700 }),
  fc.string({ unit: 'grapheme', maxLength: 700 }),
  fc.string({
    unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    maxLength: 700,
  }),
);

describe('error properties', () => {
  it('clampMessage keeps any string within BCS limits of 2 to 512 characters', () => {
    fc.assert(
      fc.property(anyString, (message) => {
        // Prepare
        const input = message;

        // Act
        const clamped = clampMessage(input);

        // Assess
        expect(clamped.length).toBeGreaterThanOrEqual(2);
        expect(clamped.length).toBeLessThanOrEqual(512);
      }),
    );
  });

  it('clampMessage leaves a message of 2 to 512 characters unchanged, and keeps the start of longer ones', () => {
    fc.assert(
      fc.property(anyString, (message) => {
        // Prepare
        const input = message;

        // Act
        const clamped = clampMessage(input);

        // Assess
        if (input.length >= 2 && input.length <= 512) expect(clamped).toBe(input);
        else if (input.length > 512) expect(input.startsWith(clamped.slice(0, -2))).toBe(true);
        else expect(clamped.startsWith(input)).toBe(true);
      }),
    );
  });

  it('clampMessage keeps well-formed text well-formed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 500, max: 512 }),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
        (prefix, around) => {
          // Prepare
          const message = `${'a'.repeat(prefix)}${around}${'z'.repeat(10)}`;

          // Act
          const clamped = clampMessage(message);

          // Assess
          expect(clamped.isWellFormed()).toBe(true);
        },
      ),
    );
  });

  it('normalizeError turns anything thrown into a GatewayError whose answer obeys the error shape', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          anyString.map((m) => new Error(m)),
        ),
        (thrown) => {
          // Prepare
          const codes = new Set<string>(Object.values(ErrorCodes));

          // Act
          const normalized = normalizeError(thrown);
          const body = errorBody(normalized);

          // Assess
          expect(normalized).toBeInstanceOf(GatewayError);
          expect(codes.has(body.error_code)).toBe(true);
          expect(body.error_code.length).toBeGreaterThanOrEqual(8);
          expect(body.error_code.length).toBeLessThanOrEqual(36);
          expect(body.error_msg.length).toBeGreaterThanOrEqual(2);
          expect(body.error_msg.length).toBeLessThanOrEqual(512);
        },
      ),
    );
  });

  it('errorBody of any GatewayError answers within the limits, whatever its message', () => {
    const codes = fc.constantFrom(...Object.values(ErrorCodes));
    fc.assert(
      fc.property(codes, anyString, (code, message) => {
        // Prepare
        const error = new GatewayError(code, message);

        // Act
        const body = errorBody(error);

        // Assess
        expect(Object.keys(body)).toEqual(['error_code', 'error_msg']);
        expect(body.error_code).toBe(code);
        expect(body.error_msg.length).toBeGreaterThanOrEqual(2);
        expect(body.error_msg.length).toBeLessThanOrEqual(512);
      }),
    );
  });
});
