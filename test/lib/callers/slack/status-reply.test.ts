import { describe, expect, it } from 'vitest';
import { lookingUpReply, statusReply } from '../../../../lib/callers/slack/status-reply.ts';

const ID = 'BCSSVC01-06-1624275286218943067';

const answer = (status: number, value: unknown) => {
  const body = JSON.stringify(value);
  return { status, body, json: JSON.parse(body) as Record<string, unknown> };
};

describe('statusReply', () => {
  it('shows the status, the recording time, each step in order and BCS messages, to the asker only', () => {
    // Prepare
    const bcs = answer(200, {
      count: 1,
      operation_records: [
        {
          operation_id: ID,
          operation_status: 'failed',
          record_time: 1624275286218,
          message: ['org <!channel> & co unreachable'],
          operation_process: {
            Work: {
              step_name: 'Remove organizations',
              status: 'failed',
              detail: 'timeout',
              serial_num: 2,
            },
            Preparation: {
              step_name: 'Preparation',
              status: 'finished',
              detail: '',
              serial_num: 1,
            },
          },
        },
      ],
    });

    // Act
    const reply = statusReply(ID, bcs);

    // Assess
    expect(reply).toEqual({
      response_type: 'ephemeral',
      text: [
        `:x: Operation \`${ID}\` is *failed* (recorded 2021-06-21T11:34:46.218Z).`,
        '1. Preparation: finished',
        '2. Remove organizations: failed (timeout)',
        '> org &lt;!channel&gt; &amp; co unreachable',
      ].join('\n'),
    });
  });

  it.each([
    ['waiting', ':hourglass_flowing_sand:'],
    ['processing', ':gear:'],
    ['finished', ':white_check_mark:'],
    ['stop', ':octagonal_sign:'],
    ['paused', ':grey_question:'],
  ])('marks %s with %s', (status, emoji) => {
    // Prepare
    const bcs = answer(200, {
      operation_records: [{ operation_id: ID, operation_status: status }],
    });

    // Act
    const reply = statusReply(ID, bcs);

    // Assess
    expect(reply.text).toBe(`${emoji} Operation \`${ID}\` is *${status}*.`);
  });

  it('says an operation BCS has no record of is not known (yet), not failed', () => {
    // Act
    const reply = statusReply(ID, answer(200, { count: 0, operation_records: [] }));

    // Assess
    expect(reply.text).toBe(
      `BCS has no record of operation \`${ID}\` (yet): a new operation can take a moment to ` +
        'appear, and BCS does not say how long it keeps records.',
    );
  });

  it("shows BCS's error status, code and message, escaped", () => {
    // Prepare
    const bcs = answer(403, { error_code: 'BCS.4030403', error_msg: 'forbidden to project <p>' });

    // Act
    const reply = statusReply('op<1>', bcs);

    // Assess
    expect(reply.text).toBe(
      ':x: BCS answered 403 for operation `op&lt;1&gt;`: `BCS.4030403` forbidden to project &lt;p&gt;',
    );
  });
});

describe('statusReply: the edges', () => {
  it.each([199, 300, 500])('shows a %i as BCS refusing, not as a record', (status) => {
    // Prepare
    const bcs = answer(status, {
      error_code: 'BCS.5000500',
      error_msg: 'oops',
      operation_records: [{ operation_id: ID, operation_status: 'finished' }],
    });

    // Act
    const reply = statusReply(ID, bcs);

    // Assess
    expect(reply).toEqual({
      response_type: 'ephemeral',
      text: `:x: BCS answered ${status} for operation \`${ID}\`: \`BCS.5000500\` oops`,
    });
  });

  it.each([200, 299])('reads a %i as the record', (status) => {
    // Prepare
    const bcs = answer(status, {
      operation_records: [{ operation_id: ID, operation_status: 'finished' }],
    });

    // Act
    const reply = statusReply(ID, bcs);

    // Assess
    expect(reply.text).toBe(`:white_check_mark: Operation \`${ID}\` is *finished*.`);
  });

  it("escapes BCS's code, status and step names, and holds each message and detail to 512 characters", () => {
    // Prepare
    const long = `<${'m'.repeat(600)}`;
    const bcs = answer(200, {
      operation_records: [
        {
          operation_id: ID,
          operation_status: '<paused>',
          message: [long],
          operation_process: {
            One: { step_name: 'a & b', status: '<done>', detail: long, serial_num: 1 },
          },
        },
      ],
    });
    const refusal = answer(400, { error_code: '<code>', error_msg: long });

    // Act
    const reply = statusReply(ID, bcs);
    const refused = statusReply(ID, refusal);

    // Assess
    const clamped = `&lt;${'m'.repeat(510)}…`;
    expect(reply.text.split('\n')).toEqual([
      `:grey_question: Operation \`${ID}\` is *&lt;paused&gt;*.`,
      `1. a &amp; b: &lt;done&gt; (${clamped})`,
      `> ${clamped}`,
    ]);
    expect(refused.text).toBe(
      `:x: BCS answered 400 for operation \`${ID}\`: \`&lt;code&gt;\` ${clamped}`,
    );
  });

  it('throws for a 2xx whose body is no ListOpRecord answer', () => {
    // Act
    const read = () => statusReply(ID, answer(200, { count: 1 }));

    // Assess
    expect(read).toThrow(TypeError);
  });
});

describe('lookingUpReply', () => {
  it('acknowledges the look-up to the asker alone, with the ids escaped', () => {
    // Act
    const reply = lookingUpReply('op<1>', 'req&1');

    // Assess
    expect(reply).toEqual({
      response_type: 'ephemeral',
      text:
        'Looking up operation `op&lt;1&gt;`… The answer will be posted here ' +
        '(request `req&amp;1`).',
    });
  });
});
