import { describe, expect, it } from 'vitest';
import { statusReply } from '../../../../lib/callers/slack/status-reply.ts';

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
