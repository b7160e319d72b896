import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { usage } from '../../../lib/callers/slack/commands.ts';
import {
  type AnyOperation,
  httpRoutes,
  type OperationName,
  operationsByDetailType,
  operationsByName,
  slackCommands,
  slackWording,
} from '../../../lib/operations/catalogue.ts';
import { validate } from '../../../lib/schemas/validate.ts';
import {
  ids,
  quitInput,
  removeOrgsInput,
  typedQuitInput,
  typedRemoveOrgsInput,
} from '../../helpers/operation-inputs.ts';

const names = Object.keys(operationsByName) as OperationName[];
const validInputs: Record<string, unknown> = {
  'quit-consortium': quitInput(),
  'remove-channel-orgs': removeOrgsInput(),
  'list-operation-records': { path: { project_id: 'p1' }, query: { operation_id: 'op 1' } },
};

describe('the operation catalogue', () => {
  it('lists each operation under its own name', () => {
    // Prepare
    const entries = Object.entries(operationsByName);

    // Act
    const mismatched = entries.filter(([name, operation]) => operation.name !== name);

    // Assess
    expect(mismatched).toEqual([]);
    expect(names).toEqual(['quit-consortium', 'remove-channel-orgs']);
  });

  it('gives every offboarding operation one EventBridge detail-type, one Slack command and wording', () => {
    // Prepare
    const byDetailType = Object.values<AnyOperation>(operationsByDetailType).map(
      ({ name }) => name,
    );

    // Act
    const runs = slackCommands.filter((spec) => !spec.reads);
    const reads = slackCommands.filter((spec) => spec.reads);

    // Assess
    expect(byDetailType.sort()).toEqual(names);
    expect(runs.map(({ operation }) => operation.name).sort()).toEqual(names);
    expect(Object.keys(slackWording).sort()).toEqual(names);
    // The one read: `status`, ListOpRecord, which no worker runs.
    expect(reads.map(({ name, operation }) => [name, operation.name])).toEqual([
      ['status', 'list-operation-records'],
    ]);
  });

  it.each(httpRoutes.map((route) => [route.operation.name, route] as const))(
    'serves %s on the route that is its BCS path, with the path parameters its schema takes',
    (name, route) => {
      // Prepare
      const input = validate(route.operation.schema, validInputs[name]);

      // Act
      const filled = route.path.replace(/\{(\w+)\}/g, (_, key: string) => input.path[key]);

      // Assess
      expect(route.method).toBe(route.operation.toBcsRequest(input).method);
      expect(route.operation.toBcsRequest(input).path).toBe(filled);
      expect([...route.path.matchAll(/\{(\w+)\}/g)].map(([, key]) => key).sort()).toEqual(
        Object.keys(input.path).sort(),
      );
    },
  );

  it('serves every operation over HTTP, each by its own function', () => {
    // Prepare
    const served = httpRoutes.map(({ operation }) => operation.name);

    // Act
    const functions = new Set(httpRoutes.map(({ functionName }) => functionName));

    // Assess
    expect(served).toEqual([...names, 'list-operation-records']);
    expect(functions.size).toBe(httpRoutes.length);
  });

  it('names for each route a function file that exists in functions/', () => {
    // Prepare
    const files = httpRoutes.map(({ functionName }) => `functions/${functionName}.ts`);

    // Act
    const missing = files.filter((file) => !existsSync(file));

    // Assess
    expect(missing).toEqual([]);
  });

  it('takes each command by its verb and its aliases, and no other word', () => {
    // Act
    const words = slackCommands.map(({ name, aliases }) => [name, aliases]);

    // Assess
    expect(words).toEqual([
      ['quit-consortium', []],
      ['remove-orgs', ['remove-channel-orgs']],
      ['status', []],
    ]);
  });

  it('gives each command the keys and placeholders that help shows, and a one-line summary', () => {
    // Act
    const usages = slackCommands.map(usage);
    const summaries = slackCommands.map(({ summary }) => summary);

    // Assess
    expect(usages).toEqual([
      'quit-consortium inviter-bcs=<id> inviter-project=<id> inviter-domain=<id> ' +
        'inviter-user=<name> channel=<name> [dry-run]',
      'remove-orgs channel=<name> orgs=<org1,org2> [blockchain=<id>] [project=<id>] [dry-run]',
      'status <operation_id> [project=<id>]',
    ]);
    expect(summaries.filter((summary) => summary.trim() === '' || summary.includes('\n'))).toEqual(
      [],
    );
  });

  it('names every Slack command and alias once', () => {
    // Prepare
    const words = slackCommands.flatMap(({ name, aliases }) => [name, ...aliases]);

    // Act
    const repeated = words.filter((word, index) => words.indexOf(word) !== index);

    // Assess
    expect(repeated).toEqual([]);
  });

  it('words what each operation will do for a Slack reply, every value the user gave shown as code', () => {
    // Prepare
    const code = (value: string) => `[${value}]`;

    // Act
    const words = [
      slackWording['quit-consortium'](typedQuitInput(), code),
      slackWording['remove-channel-orgs'](typedRemoveOrgsInput(['org1', 'org2']), code),
    ];

    // Assess
    expect(words).toEqual([
      `have our BCS instance [${ids.blockchainId}] quit channel [channel] of [bcs-inviter]'s ` +
        `consortium (BCS instance [${ids.inviterBcsId}])`,
      `remove [org1], [org2] from channel [channel] of BCS instance [${ids.blockchainId}] ` +
        `(project [${ids.projectId}])`,
    ]);
  });
});
