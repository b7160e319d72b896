import { readFileSync } from 'node:fs';

/** An EventBridge target's input transformer, as CloudFormation takes it. */
export interface InputTransformer {
  InputPathsMap: Record<string, string>;
  InputTemplate: string;
}

/** An EventBridge rule's event pattern, as far as `AcceptedOperationsRule` uses one: lists of values. */
export type EventPattern = Record<string, string[]>;

/** The text of `AcceptedOperationsRule` in serverless.yml, from its name on. */
const acceptedRuleText = (): string => {
  const yml = readFileSync(new URL('../serverless.yml', import.meta.url), 'utf8');
  return yml.slice(yml.indexOf('\n    AcceptedOperationsRule:'));
};

/**
 * The event pattern of `AcceptedOperationsRule` as `serverless.yml` writes it (`source` and
 * `detail-type`, each a flow list of plain values): which events on the outcome bus start a
 * tracking. The packaged template's is checked to be the same in test/serverless.
 *
 * @example
 * ```ts
 * acceptedRulePattern(); // { source: ['bcs-offboard'], 'detail-type': ['BCS Offboarding Succeeded'] }
 * ```
 */
export const acceptedRulePattern = (): EventPattern => {
  const block = /\n(\s+)EventPattern:\n((?:\1\s+[\w-]+: \[[^\]\n]*\]\n)+)/.exec(acceptedRuleText());
  if (!block?.[2]) throw new Error('serverless.yml: AcceptedOperationsRule has no EventPattern');
  return Object.fromEntries(
    block[2]
      .trim()
      .split('\n')
      .map((line) => {
        const [name = '', list = ''] = line.trim().split(/: (.*)/);
        return [
          name,
          list
            .slice(1, -1)
            .split(',')
            .map((value) => value.trim()),
        ];
      }),
  );
};

/**
 * Whether `event` matches `pattern` when each field is a top-level one of the event and each
 * list names the values it may have (the only kind of pattern the rule uses).
 *
 * @example
 * ```ts
 * matchesEventPattern(acceptedRulePattern(), { source: 'bcs-offboard', 'detail-type': 'BCS Offboarding Succeeded' }); // true
 * ```
 */
export const matchesEventPattern = (pattern: EventPattern, event: Record<string, unknown>) =>
  Object.entries(pattern).every(([field, values]) => values.includes(event[field] as string));

/**
 * The input transformer of `AcceptedOperationsRule` as `serverless.yml` writes it: how an
 * acceptance event becomes a tracking message. Read from the file's text (the one
 * `InputPathsMap` block and the single-quoted `InputTemplate` under that rule), so that a
 * test that needs no `osls package`, and `npm start`'s stand-in for the rule, run the deployed
 * transformer; the packaged template's is checked to be the same in test/serverless.
 *
 * @example
 * ```ts
 * const message = applyInputTransformer(acceptedRuleTransformer(), acceptanceEvent);
 * ```
 */
export const acceptedRuleTransformer = (): InputTransformer => {
  const rule = acceptedRuleText();
  const paths = /\n(\s+)InputPathsMap:\n((?:\1\s+\w+: \S+\n)+)/.exec(rule);
  const template = /\n\s+InputTemplate: '((?:[^']|'')*)'\n/.exec(rule);
  if (!paths?.[2] || template?.[1] === undefined) {
    throw new Error('serverless.yml: AcceptedOperationsRule has no InputTransformer');
  }
  return {
    InputPathsMap: Object.fromEntries(
      paths[2]
        .trim()
        .split('\n')
        .map((line) => line.trim().split(': ') as [string, string]),
    ),
    InputTemplate: template[1].replaceAll("''", "'"),
  };
};

/**
 * What EventBridge sends a target for `event` through `transformer`: each `<name>` of the
 * template replaced by the JSON value at its path (`$.detail.operation_id`; `null` when there
 * is none). Enough for the paths the rule uses: dotted names from the event's root.
 *
 * @example
 * ```ts
 * const message = applyInputTransformer(acceptedRuleTransformer(), acceptanceEvent);
 * ```
 */
export const applyInputTransformer = (
  { InputPathsMap, InputTemplate }: InputTransformer,
  event: unknown,
): string =>
  InputTemplate.replace(/<(\w+)>/g, (_, name: string) =>
    JSON.stringify(
      (InputPathsMap[name] ?? '')
        .slice(2)
        .split('.')
        .reduce<unknown>((value, key) => (value as Record<string, unknown>)?.[key], event) ?? null,
    ),
  );
