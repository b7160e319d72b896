import { describe, expect, it } from 'vitest';
import {
  END_STATUSES,
  findOperationRecord,
  readOperationRecord,
  recordMessages,
} from '../../../lib/bcs/operation-records.ts';

// Huawei's ListOpRecord example (abridged as in bcs-api.md), with a second step and a message.
const HUAWEI_EXAMPLE = `{"count": 2, "operation_records": [
  {"operation_id": "BCSSVC01-99-1618218591906093855", "resource_type": "BCSSVC01",
   "operation_type": "99", "domain_id": "051ddda36880d3420f9bc01403fd8da0",
   "project_id": "051ddda57400d2982fccc014fab5749d",
   "blockchain_id": "23604f57-eac9-3777-e9f5-ae87457f2338", "blockchain_name": "bcs-i3b0ms",
   "cluster_info": {"cluster_type": "cce", "name": "c", "cluster_id": "x", "node_infos": null},
   "operation_process": {
     "Deploy": {"step_name": "Deploy", "status": "failed", "detail": "peer unreachable",
       "sub_steps": {}, "serial_num": 2},
     "Preparation": {"step_name": "Preparation", "status": "finished", "detail": "",
       "sub_steps": {"Generate basic configurations": {"substep_name": "Generate basic configurations",
         "status": "finished", "detail": null, "message": null, "start_time": 1618218591951266000,
         "end_time": 1618218591951266000, "serial_num": 3}}, "serial_num": 1}},
   "record_time": 1618218591906, "operation_status": "failed", "message": ["peer unreachable", 7, ""],
   "desc": ""},
  {"operation_id": "BCSSVC01-06-1624275286218943067", "operation_status": "processing",
   "operation_process": null, "message": null, "record_time": 1624275286218}]}`;

describe('findOperationRecord', () => {
  it('gives the record asked for as BCS wrote it, every field kept', () => {
    // Act
    const record = findOperationRecord(HUAWEI_EXAMPLE, 'BCSSVC01-99-1618218591906093855');

    // Assess
    expect(record).toMatchObject({
      operation_id: 'BCSSVC01-99-1618218591906093855',
      operation_status: 'failed',
      blockchain_name: 'bcs-i3b0ms',
      message: ['peer unreachable', 7, ''],
    });
    expect(Object.keys(record ?? {})).toContain('operation_process');
  });

  it.each([
    ['count 0', '{"count": 0, "operation_records": []}'],
    ['count 0 with null records', '{"count": 0, "operation_records": null}'],
    ['another operation only', HUAWEI_EXAMPLE.replaceAll('BCSSVC01-06-', 'BCSSVC01-07-')],
  ])('reads %s as "not known (yet)", never as a failure', (_name, body) => {
    for (const read of [findOperationRecord, readOperationRecord]) {
      // Act
      const record = read(body, 'BCSSVC01-06-1624275286218943067');

      // Assess
      expect(record).toBeUndefined();
    }
  });

  it.each([
    ['no JSON', 'Bad Gateway'],
    ['a list', '[]'],
    ['an object without records', '{"count": 0}'],
    ['records that are no list', '{"operation_records": {}}'],
    ['a record without status', '{"operation_records": [{"operation_id": "op1"}]}'],
  ])('reads %s as no answer: null from the finder, a TypeError from the reader', (_name, body) => {
    // Act
    const found = findOperationRecord(body, 'op1');
    const read = () => readOperationRecord(body, 'op1');

    // Assess
    expect(found).toBeNull();
    expect(read).toThrow(TypeError);
  });
});

describe('recordMessages', () => {
  it('keeps the strings that say something, in order', () => {
    // Prepare
    const record = { operation_status: 'failed', message: ['a', 7, '', null, 'b'] };

    // Act
    const messages = recordMessages(record);

    // Assess
    expect(messages).toEqual(['a', 'b']);
  });

  it('reads a message that is no list (null, a string) as none', () => {
    expect(recordMessages({ operation_status: 'failed', message: null })).toEqual([]);
    expect(recordMessages({ operation_status: 'failed', message: 'boom' })).toEqual([]);
  });
});

describe('readOperationRecord', () => {
  it('reads the status, the steps in serial order and the string messages of the record asked for', () => {
    // Act
    const record = readOperationRecord(HUAWEI_EXAMPLE, 'BCSSVC01-99-1618218591906093855');

    // Assess
    expect(record).toEqual({
      operationId: 'BCSSVC01-99-1618218591906093855',
      status: 'failed',
      messages: ['peer unreachable'],
      steps: [
        { name: 'Preparation', status: 'finished' },
        { name: 'Deploy', status: 'failed', detail: 'peer unreachable' },
      ],
      recordTime: 1618218591906,
    });
  });

  it('picks the record by its id among several, with no steps or messages when BCS sends null', () => {
    // Act
    const record = readOperationRecord(HUAWEI_EXAMPLE, 'BCSSVC01-06-1624275286218943067');

    // Assess
    expect(record).toEqual({
      operationId: 'BCSSVC01-06-1624275286218943067',
      status: 'processing',
      messages: [],
      steps: [],
      recordTime: 1624275286218,
    });
  });

  it('leaves out a record time Date cannot show, and uses the key when a step has no name', () => {
    // Prepare
    const body = JSON.stringify({
      operation_records: [
        {
          operation_id: 'op1',
          operation_status: 'waiting',
          record_time: 1e300,
          operation_process: { Key: { status: 'waiting' }, Other: 'not a step' },
        },
      ],
    });

    // Act
    const record = readOperationRecord(body, 'op1');

    // Assess
    expect(record).toEqual({
      operationId: 'op1',
      status: 'waiting',
      messages: [],
      steps: [{ name: 'Key', status: 'waiting' }],
    });
  });

  it.each([
    [0, true],
    [8.64e15, true],
    [-1, false],
    [8.64e15 + 1, false],
    [1.5, false],
    ['1618218591906', false],
  ])('keeps the record time %j only when Date can show it (%s)', (recordTime, kept) => {
    // Prepare
    const body = JSON.stringify({
      operation_records: [
        { operation_id: 'op1', operation_status: 'waiting', record_time: recordTime },
      ],
    });

    // Act
    const record = readOperationRecord(body, 'op1');

    // Assess
    expect(record?.recordTime).toBe(kept ? recordTime : undefined);
    expect(record !== undefined && 'recordTime' in record).toBe(kept);
  });

  it('reads a step whose name, status or detail is no string as unnamed (its key), unknown and without detail', () => {
    // Prepare
    const body = JSON.stringify({
      operation_records: [
        {
          operation_id: 'op1',
          operation_status: 'failed',
          operation_process: {
            Deploy: { step_name: 7, status: null, detail: 7, serial_num: 1 },
            Check: { step_name: '', status: 'failed', detail: '', serial_num: 2 },
          },
        },
      ],
    });

    // Act
    const record = readOperationRecord(body, 'op1');

    // Assess
    expect(record?.steps).toEqual([
      { name: 'Deploy', status: 'unknown' },
      { name: 'Check', status: 'failed' },
    ]);
  });

  it('names each step by its step_name, in the order of serial_num, with its status and detail', () => {
    // Prepare
    const body = JSON.stringify({
      operation_records: [
        {
          operation_id: 'op1',
          operation_status: 'processing',
          operation_process: {
            second: { step_name: 'Quit channel', status: 'processing', serial_num: 2 },
            first: { step_name: 'Check', status: 'finished', detail: 'ok', serial_num: 1 },
          },
        },
      ],
    });

    // Act
    const record = readOperationRecord(body, 'op1');

    // Assess
    expect(record?.steps).toEqual([
      { name: 'Check', status: 'finished', detail: 'ok' },
      { name: 'Quit channel', status: 'processing' },
    ]);
  });

  it('throws a TypeError naming the operation for a body that is no ListOpRecord answer', () => {
    // Act
    const read = () => readOperationRecord('{"operation_records": {}}', 'op1');

    // Assess
    expect(read).toThrow(new TypeError('not a ListOpRecord answer with a record of op1'));
  });

  it('names finished, failed and stop as the end statuses', () => {
    expect(END_STATUSES).toEqual(['finished', 'failed', 'stop']);
  });
});
