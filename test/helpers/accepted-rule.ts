import { readFileSync } from 'node:fs';

/** An EventBridge target's input transformer, as CloudFormation takes it. */
export interface InputTransformer {
  InputPathsMap: Record<string, string>;
  InputTemplate: string;
}

/**
 * The input transformer of `AcceptedOperationsRule` as `serverless.yml` writes it: how an
 * acceptance event becomes a tracking message. Read from the file's text (the one
 * `InputPathsMap` block and the single-quoted `InputTemplate` under that rule), so that a
 * test that needs no `osls package` runs the deployed transformer; the packaged template's
 * is checked to be the same in test/serverless.
 */
export const acceptedRuleTransformer = (): InputTransformer => {
  const yml = readFileSync(new URL('../../serverless.yml', import.meta.url), 'utf8');
  const rule = yml.slice(yml.indexOf('\n    AcceptedOperationsRule:'));
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
