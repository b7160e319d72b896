/**
 * `/bcs-offboard status <operation_id> [project=<id>]`: the one read of the grammar. Its values
 * obey the same rules as the GET route's query (lib/schemas/list-operation-records.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { usage } from '../../../../lib/callers/slack/commands.ts';
import { type ParsedCommand, parseCommand } from '../../../../lib/callers/slack/parse-command.ts';
import { helpReply, invalidReply } from '../../../../lib/callers/slack/replies.ts';
import type { CommandDefaults } from '../../../../lib/operations/caller-facts.ts';
import { listOperationRecordsCommand } from '../../../../lib/operations/list-operation-records.ts';
import { MAX_QUERY_VALUE_LENGTH } from '../../../../lib/schemas/list-operation-records.ts';
import { defaultSeed } from '../../../../simulator/seed.ts';

const { demo } = defaultSeed;
const defaults: CommandDefaults = {
  projectId: demo.projectId,
  domainId: demo.domainId,
  bcsInstanceId: demo.blockchainId,
};
const ID = 'BCSSVC01-06-1624275286218943067';

const readOf = (parsed: ParsedCommand) => {
  if (parsed.kind !== 'read') throw new Error(`expected a read, got ${JSON.stringify(parsed)}`);
  return parsed;
};
const problemsOf = (parsed: ParsedCommand): string[] => {
  if (parsed.kind !== 'invalid') throw new Error(`expected problems, got ${parsed.kind}`);
  expect(parsed.command).toBe('status');
  return parsed.problems;
};

describe('parseCommand: status', () => {
  it('reads the operation id, in our project by default', () => {
    // Act
    const parsed = parseCommand(`status ${ID}`, defaults);

    // Assess
    expect(parsed).toEqual({
      kind: 'read',
      command: 'status',
      input: { path: { project_id: demo.projectId }, query: { operation_id: ID } },
    });
  });

  it.each([
    [`STATUS ${ID} project=${demo.otherProjectId}`],
    [`status project=${demo.otherProjectId} ${ID}`],
    [`status operation-id=${ID} Project=${demo.otherProjectId}`],
    [`status\t${ID}\u00a0PROJECT="${demo.otherProjectId}"`],
  ])('reads %j: the id bare or as operation-id=, project= in any case and place', (text) => {
    // Act
    const { input } = readOf(parseCommand(text, defaults));

    // Assess
    expect(input).toEqual({
      path: { project_id: demo.otherProjectId },
      query: { operation_id: ID },
    });
  });

  it.each([
    ['status', ['Missing: <operation_id>']],
    [`status ${ID} dry-run`, ['status only reads: it has no dry run']],
    [`status ${ID} ${ID}2`, [`\`${ID}2\` is not key=value`]],
    [`status ${ID} operation-id=${ID}`, ['`operation-id=` is given 2 times: give it once']],
    [
      `status ${ID} channel=ch`,
      ['`channel=` is not a key of status; its keys are operation-id=, project='],
    ],
    [`status ${ID}&x`, ["operation-id: must not contain '&' or '#'"]],
    [
      `status ${'x'.repeat(MAX_QUERY_VALUE_LENGTH + 1)}`,
      [`operation-id: must be at most ${MAX_QUERY_VALUE_LENGTH} characters`],
    ],
    [
      `status ${ID} project=../other`,
      ["project: must not contain '/', '\\', '?', '#', '%', whitespace or '..'"],
    ],
  ])('refuses %j, saying what to fix', (text, expected) => {
    // Act
    const problems = problemsOf(parseCommand(text, defaults));

    // Assess
    expect(problems).toEqual(expected);
  });

  it('asks for project= when this deployment sets no HUAWEICLOUD_PROJECT_ID', () => {
    // Act
    const problems = problemsOf(parseCommand(`status ${ID}`, {}));

    // Assess
    expect(problems).toEqual(['Missing: project=<id>']);
  });

  it('shows its usage in help and when it cannot run', () => {
    // Act
    const help = helpReply('/bcs-offboard').text;
    const invalid = invalidReply('/bcs-offboard', 'status', ['Missing: <operation_id>']).text;

    // Assess
    expect(usage(listOperationRecordsCommand)).toBe('status <operation_id> [project=<id>]');
    expect(help).toContain(
      "• `/bcs-offboard status &lt;operation_id&gt; [project=&lt;id&gt;]`: how an operation stands in BCS: its status, its steps and BCS's messages",
    );
    expect(invalid.split('\n').at(-1)).toBe(
      'Usage: `/bcs-offboard status &lt;operation_id&gt; [project=&lt;id&gt;]`',
    );
  });
});

describe('parseCommand: status, any value', () => {
  /** Operation ids as BCS writes them, and anything else the route's query would take. */
  const validId = fc.oneof(
    fc
      .tuple(fc.constantFrom('BCSSVC01', 'BCSSVC02', 'PLUGIN01'), fc.stringMatching(/^\d{2}$/))
      .chain(([resource, type]) =>
        fc.stringMatching(/^\d{19}$/).map((digits) => `${resource}-${type}-${digits}`),
      ),
    fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 60 })
      .filter(
        (s) =>
          !/[\p{Cc}\u2028\u2029&#"“”„=\s]/u.test(s) &&
          !['dry-run', '--dry-run', 'help', '-h', '--help', '?'].includes(s.toLowerCase()),
      ),
  );

  it('accepts any valid operation id, given bare, and sends it as typed', () => {
    fc.assert(
      fc.property(validId, (id) => {
        // Act
        const parsed = parseCommand(`status ${id}`, defaults);

        // Assess
        expect(readOf(parsed).input.query).toEqual({ operation_id: id });
      }),
      { numRuns: 300 },
    );
  });

  it("refuses any id holding '&', '#' or a control character, or too long, naming operation-id", () => {
    const hostile = fc.oneof(
      fc
        .tuple(validId, fc.constantFrom('&', '#', '\u0000', '\u007f', '\u0085', '\u2028'), validId)
        .map(([a, bad, b]) => `${a}${bad}${b}`),
      fc.stringMatching(/^[A-Z0-9-]{257,300}$/),
    );
    fc.assert(
      fc.property(hostile, (id) => {
        // Act
        const parsed = parseCommand(`status operation-id="${id}"`, defaults);

        // Assess
        const problems = problemsOf(parsed);
        expect(problems.join('\n')).toMatch(/^operation-id: must /m);
      }),
      { numRuns: 300 },
    );
  });
});
