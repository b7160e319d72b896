import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findOperationRecord } from '../../../lib/bcs/operation-records.ts';
import { OPERATION_STATUSES } from '../../../lib/schemas/list-operation-records.ts';

const record = fc.record({
  operation_id: fc.string({ minLength: 1, maxLength: 40 }),
  operation_status: fc.constantFrom(...OPERATION_STATUSES),
  message: fc.array(fc.string({ minLength: 1 }), { maxLength: 3 }),
});

describe('findOperationRecord', () => {
  it('finds the first record with the id asked for, with its status and messages, in any list', () => {
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 5 }),
        fc.string({ maxLength: 40 }),
        (records, id) => {
          // Prepare
          const body = JSON.stringify({ count: records.length, operation_records: records });
          const expected = records.find((item) => item.operation_id === id);

          // Act
          const found = findOperationRecord(body, id);

          // Assess
          expect(found?.status).toBe(expected?.operation_status);
          expect(found?.messages).toEqual(expected?.message);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('either reads a record, says none, or throws a TypeError, for any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        // Act
        let outcome: unknown;
        try {
          outcome = findOperationRecord(text, 'op1');
        } catch (error) {
          outcome = error;
        }

        // Assess
        expect(
          outcome === undefined || outcome instanceof TypeError || 'status' in (outcome as object),
        ).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
