import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEndOrder } from '../../simulator/operation-records.ts';

const status = fc.constantFrom('failed' as const, 'stop' as const);
const text = fc.string({ minLength: 1 });

describe('parseEndOrder (property)', () => {
  it('accepts an operation_id or "next": true, with an optional message, as given', () => {
    fc.assert(
      fc.property(
        status,
        fc.oneof(
          text.map((id) => ({ operation_id: id })),
          fc.constant({ next: true as const }),
        ),
        fc.option(text, { nil: undefined }),
        (endStatus, target, message) => {
          // Prepare
          const body = JSON.parse(JSON.stringify({ ...target, message }));

          // Act
          const order = parseEndOrder(body, endStatus);

          // Assess
          expect(order).toEqual({
            status: endStatus,
            ...('next' in target ? { next: true } : { operationId: target.operation_id }),
            ...(message === undefined ? {} : { message }),
          });
        },
      ),
    );
  });

  it('refuses a body naming both targets, neither, or a bad value', () => {
    fc.assert(
      fc.property(
        status,
        fc.oneof(
          fc.record({ operation_id: text, next: fc.constant(true) }),
          fc.record({ message: text }),
          fc.record({ operation_id: fc.oneof(fc.constant(''), fc.integer(), fc.constant(null)) }),
          fc.record({ next: fc.oneof(fc.constant(false), fc.string(), fc.integer()) }),
          fc.record({ next: fc.constant(true), message: fc.oneof(fc.constant(''), fc.integer()) }),
          fc.oneof(fc.constant(null), fc.array(fc.anything()), fc.string(), fc.integer()),
        ),
        (endStatus, body) => {
          // Prepare
          const untrusted: unknown = body;

          // Act
          const parsing = () => parseEndOrder(untrusted, endStatus);

          // Assess
          expect(parsing).toThrow(TypeError);
        },
      ),
    );
  });
});
