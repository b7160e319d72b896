import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findOperationRecord, readOperationRecord } from '../../../lib/bcs/operation-records.ts';
import { OPERATION_STATUSES } from '../../../lib/schemas/list-operation-records.ts';

const record = fc.record({
  operation_id: fc.string({ minLength: 1, maxLength: 40 }),
  operation_status: fc.constantFrom(...OPERATION_STATUSES),
  message: fc.array(fc.string({ minLength: 1 }), { maxLength: 3 }),
});

/** Records, and an id to look for: one of theirs as often as not. */
const recordsAndId = fc
  .array(record, { maxLength: 5 })
  .chain((records) =>
    fc.tuple(
      fc.constant(records),
      records.length === 0
        ? fc.string({ maxLength: 40 })
        : fc.oneof(
            fc.constantFrom(...records.map((item) => item.operation_id)),
            fc.string({ maxLength: 40 }),
          ),
    ),
  );

describe('findOperationRecord and readOperationRecord', () => {
  it('find the first record with the id asked for, with its status and messages, in any list', () => {
    fc.assert(
      fc.property(recordsAndId, ([records, id]) => {
        // Prepare
        const body = JSON.stringify({ count: records.length, operation_records: records });
        const expected = records.find((item) => item.operation_id === id);

        // Act
        const found = findOperationRecord(body, id);
        const summary = readOperationRecord(body, id);

        // Assess
        expect(found).toEqual(expected);
        expect(summary?.status).toBe(expected?.operation_status);
        expect(summary?.messages).toEqual(expected?.message);
      }),
      { numRuns: 300 },
    );
  });

  it('either give a record, say none, or say it is no answer (null; the reader throws a TypeError), for any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        // Act
        const outcomes = [findOperationRecord, readOperationRecord].map((read) => {
          try {
            return read(text, 'op1');
          } catch (error) {
            return error;
          }
        });

        // Assess
        const [found, summary] = outcomes;
        expect(
          found === undefined ||
            found === null ||
            typeof (found as { operation_status?: unknown }).operation_status === 'string',
        ).toBe(true);
        expect(
          summary === undefined || summary instanceof TypeError || 'status' in (summary as object),
        ).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
