import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readOperationProgress } from '../../../lib/tracking/operation-end.ts';

const ID = 'BCSSVC01-06-1624275286218943067';

/** A record as Huawei's example shows it, with step times beyond 2^53 written exactly. */
const recordText = (id: string, status: string, messages: string[]) =>
  `{"operation_id":${JSON.stringify(id)},"resource_type":"BCSSVC01","operation_type":"06",` +
  `"operation_process":{"Preparation":{"step_name":"Preparation","status":"finished","detail":"",` +
  `"sub_steps":{"Check":{"status":"finished","start_time":1618218591951266123,"end_time":1618218591951266457}},` +
  `"serial_num":1}},"record_time":1618218591906,"operation_status":${JSON.stringify(status)},` +
  `"message":${JSON.stringify(messages)},"desc":""}`;
const answer = (...records: string[]) =>
  `{"count":${records.length},"operation_records":[${records.join(',')}]}`;

describe('readOperationProgress', () => {
  it.each([
    ['finished', { state: 'ended', status: 'finished', messages: [] }],
    ['failed', { state: 'ended', status: 'failed', messages: ['peer unreachable'] }],
    ['stop', { state: 'ended', status: 'stop', messages: ['peer unreachable'] }],
    ['waiting', { state: 'running', status: 'waiting' }],
    ['processing', { state: 'running', status: 'processing' }],
  ])('reads %s from Huawei-shaped records', (status, expected) => {
    // Prepare
    const body = answer(recordText(ID, status, status === 'finished' ? [] : ['peer unreachable']));

    // Act
    const progress = readOperationProgress(body, ID);

    // Assess
    expect(progress).toEqual(expected);
  });

  it('reads count 0, or records of other operations only, as not known yet: never as an end', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('finished', 'failed', 'stop', 'waiting'), { maxLength: 3 }),
        (statuses) => {
          // Prepare
          const body = answer(
            ...statuses.map((status, at) => recordText(`${ID}${at}`, status, [])),
          );

          // Act
          const progress = readOperationProgress(body, ID);

          // Assess
          expect(progress).toEqual({ state: 'not-known' });
        },
      ),
    );
  });

  it('reads a null list of records (BCS writes it with count 0) as not known yet', () => {
    // Act
    const progress = readOperationProgress('{"count":0,"operation_records":null}', ID);

    // Assess
    expect(progress).toEqual({ state: 'not-known' });
  });

  it('reads the record of its own operation among others', () => {
    // Prepare
    const body = answer(
      recordText('BCSSVC01-06-1', 'failed', ['other']),
      recordText(ID, 'finished', []),
    );

    // Act
    const progress = readOperationProgress(body, ID);

    // Assess
    expect(progress).toEqual({ state: 'ended', status: 'finished', messages: [] });
  });

  it('gives undefined for anything that is no ListOpRecord answer, and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (body) => {
        // Act
        const progress = readOperationProgress(body, ID);

        // Assess: an answer needs an operation_records list, which fc.json() makes rarely.
        if (!body.includes('operation_records')) expect(progress).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('keeps only string messages, at most 20 of 1,000 characters', () => {
    // Prepare
    const record = JSON.stringify({
      operation_id: ID,
      operation_status: 'failed',
      message: [7, 'a'.repeat(1500), ...Array.from({ length: 30 }, (_, at) => `m${at}`)],
    });

    // Act
    const progress = readOperationProgress(answer(record), ID);

    // Assess
    expect(progress).toMatchObject({ state: 'ended', status: 'failed' });
    const messages = progress?.state === 'ended' ? progress.messages : [];
    expect(messages).toHaveLength(20);
    expect(messages[0]).toBe('a'.repeat(1000));
  });
});
