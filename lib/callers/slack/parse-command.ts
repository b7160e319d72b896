import type { CommandDefaults, CommandSpec, FieldPath } from '../../operations/caller-facts.ts';
import type { OperationRecordQuery } from '../../schemas/list-operation-records.ts';
import { type Path, safeParse } from '../../schemas/schema.ts';
import { describeProblems, fieldName } from '../../schemas/validate.ts';
import {
  COMMANDS,
  commandNamed,
  DEFAULT_VARIABLES,
  DRY_RUN_WORDS,
  HELP_WORDS,
} from './commands.ts';
import { type OperationRequest, pathAndBody } from './operation-request.ts';

/** Slack caps a message at 4,000 characters; longer text is refused unread. */
export const MAX_COMMAND_LENGTH = 4000;

/** What a chat user asked for. */
export type ParsedCommand =
  | { kind: 'help' }
  | { kind: 'run'; command: string; request: OperationRequest; dryRun: boolean }
  /** A read (`status`): its validated path and query, for the status function. */
  | { kind: 'read'; command: string; input: ReadInput }
  /** Every problem found, each a sentence saying what to fix. */
  | { kind: 'invalid'; command: string | undefined; problems: string[] };

/** The input of a read: ListOpRecord's path and query (no caller token through chat-ops). */
export interface ReadInput {
  path: { project_id: string };
  query: OperationRecordQuery;
}

/** One whitespace-separated piece of the command: a bare word or a `key=value`. */
export type Token = { kind: 'word'; text: string } | { kind: 'pair'; key: string; value: string };

/** Quotes a value may be wrapped in: Slack turns "…" into “…” on many keyboards. */
const OPENING_QUOTES = '"“”„';
const CLOSING_QUOTES = '"“”';
const WHITESPACE = /\s/u;
/** A key or word echoed in a reply is cut to this length. */
const MAX_ECHO = 40;

/**
 * Reads the text of a slash command (what follows `/bcs-offboard`) against the grammar in
 * `commands.ts`. Pure, and total: any text gives help, a validated operation request, a
 * validated read (`status`, for the status function), or the list of **every** problem to fix (unknown, missing and repeated keys, then the operation's
 * own `validate()`, the same as for HTTP callers, with fields named as the user typed them).
 * Never throws.
 *
 * @example
 * ```ts
 * parseCommand('remove-orgs channel=ch orgs=org1,org2 dry-run', { projectId, bcsInstanceId });
 * // { kind: 'run', command: 'remove-orgs', dryRun: true, request: { operation: 'remove-channel-orgs', input } }
 * ```
 */
export const parseCommand = (text: string, defaults: CommandDefaults): ParsedCommand => {
  if (text.length > MAX_COMMAND_LENGTH) {
    return invalid(undefined, [
      `The command is ${text.length} characters long; at most ${MAX_COMMAND_LENGTH} are read`,
    ]);
  }
  const { tokens, problems } = tokenize(decodeSlackEntities(text));
  const [first, ...rest] = tokens;
  if (first === undefined) return { kind: 'help' };
  if (first.kind === 'word' && HELP_WORDS.includes(first.text.toLowerCase())) {
    return { kind: 'help' };
  }
  const spec = first.kind === 'word' ? commandNamed(first.text) : undefined;
  if (spec === undefined) {
    const said = first.kind === 'word' ? first.text : `${first.key}=`;
    return invalid(undefined, [
      `${show(said)} is not a command: start with ${COMMANDS.map(({ name }) => name).join(', ')} or help`,
      ...problems,
    ]);
  }
  return parseArguments(spec, rest, defaults, problems);
};

const parseArguments = (
  spec: CommandSpec,
  tokens: Token[],
  defaults: CommandDefaults,
  problems: string[],
): ParsedCommand => {
  let dryRun = false;
  const values = new Map<string, string>();
  const counts = new Map<string, number>();
  const unknownKeys: string[] = [];
  const give = (key: string, value: string) => {
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (!values.has(key)) values.set(key, value);
  };
  // The keys that may be typed bare, in order; each takes the next bare word.
  const positional = spec.keys.filter((keySpec) => keySpec.positional).map(({ key }) => key);
  for (const token of tokens) {
    if (token.kind === 'word') {
      const bareKey = positional[0];
      if (DRY_RUN_WORDS.includes(token.text.toLowerCase())) {
        if (spec.reads) problems.push(`${spec.name} only reads: it has no dry run`);
        else dryRun = true;
      } else if (bareKey !== undefined) {
        positional.shift();
        give(bareKey, token.text);
      } else {
        problems.push(`${show(token.text)} is not key=value${spec.reads ? '' : ' (nor dry-run)'}`);
      }
      continue;
    }
    const key = token.key.toLowerCase().replaceAll('_', '-');
    if (!spec.keys.some((keySpec) => keySpec.key === key)) {
      if (token.key !== '') unknownKeys.push(token.key);
      continue;
    }
    give(key, token.value);
  }
  if (unknownKeys.length > 0) {
    problems.push(
      `${unknownKeys.map((key) => show(`${key}=`)).join(', ')} ` +
        `${unknownKeys.length === 1 ? 'is not a key' : 'are not keys'} of ${spec.name}; ` +
        `its keys are ${spec.keys.map(({ key }) => `${key}=`).join(', ')}`,
    );
  }
  for (const [key, count] of counts) {
    if (count > 1) problems.push(`${show(`${key}=`)} is given ${count} times: give it once`);
  }

  // Stryker disable next-line ObjectLiteral: setField makes each part it fills (??=), and status's schema reads a body of {} as none.
  const raw: Record<string, Record<string, unknown>> = { path: {}, body: {} };
  const labels = new Map<string, string>();
  const missing: string[] = [];
  const unset = new Set<string>();
  for (const { key, placeholder, field, list, defaultFrom, positional: bare } of spec.keys) {
    const typed = values.get(key);
    const fallback = defaultFrom ? defaults[defaultFrom] : undefined;
    const value = typed ?? fallback;
    if (value === undefined) missing.push(bare ? placeholder : `${key}=${placeholder}`);
    setField(raw, field, list ? (value ?? STAND_IN).split(',').map((item) => item.trim()) : value);
    labels.set(
      field,
      typed === undefined && defaultFrom ? `${key} (from ${DEFAULT_VARIABLES[defaultFrom]})` : key,
    );
  }
  for (const { field, from, meaning } of spec.fixed) {
    const value = defaults[from];
    if (value === undefined) unset.add(DEFAULT_VARIABLES[from]);
    setField(raw, field, value);
    labels.set(field, `${DEFAULT_VARIABLES[from]} (${meaning}, from configuration)`);
  }
  if (missing.length > 0) problems.push(`Missing: ${missing.join(' ')}`);
  if (unset.size > 0) {
    problems.push(
      `This deployment does not set ${[...unset].join(', ')}, which ${spec.name} needs: ` +
        'ask its operators',
    );
  }

  // The same schema as for HTTP callers. (No key of `raw` can pollute a prototype, as
  // `validate` also checks: they all come from the grammar.)
  const checked = safeParse(spec.operation.schema, raw);
  if (!checked.success) problems.push(describeProblems(checked.issues, Infinity, labelled(labels)));
  if (!checked.success || problems.length > 0) return invalid(spec.name, problems);
  if (spec.reads) {
    const { path, query } = checked.output as ReadInput;
    return { kind: 'read', command: spec.name, input: { path, query } };
  }
  return {
    kind: 'run',
    command: spec.name,
    dryRun,
    request: {
      operation: spec.operation.name,
      input: pathAndBody(checked.output as { path: unknown; body: unknown }),
    } as OperationRequest,
  };
};

/**
 * Splits command text into words and `key=value` pairs. Whitespace of any kind separates
 * them; a value may be quoted ("…", “…”) to hold whitespace. Problems (an unclosed quote)
 * are reported, never thrown.
 *
 * @example
 * ```ts
 * tokenize('remove-orgs channel="my channel"').tokens;
 * // [{ kind: 'word', text: 'remove-orgs' }, { kind: 'pair', key: 'channel', value: 'my channel' }]
 * ```
 */
export const tokenize = (text: string): { tokens: Token[]; problems: string[] } => {
  const tokens: Token[] = [];
  const problems: string[] = [];
  const isSpace = (i: number) => WHITESPACE.test(text.charAt(i));
  let i = 0;
  const skipWord = () => {
    // Stryker disable next-line EqualityOperator: one step past the end slices the same, and the loop below ends there.
    while (i < text.length && !isSpace(i)) i += 1;
  };
  for (;;) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: past the end, charAt is '', which is no space.
    while (i < text.length && isSpace(i)) i += 1;
    if (i >= text.length) break;
    const start = i;
    // Stryker disable next-line EqualityOperator: one step past the end slices the same key, and '' is no '='.
    while (i < text.length && !isSpace(i) && text.charAt(i) !== '=') i += 1;
    const key = text.slice(start, i);
    if (text.charAt(i) !== '=') {
      tokens.push({ kind: 'word', text: key });
      continue;
    }
    i += 1;
    if (key === '') problems.push('`=` has no key: write key=value, with no space around =');
    if (i >= text.length || !OPENING_QUOTES.includes(text.charAt(i))) {
      const valueStart = i;
      skipWord();
      tokens.push({ kind: 'pair', key, value: text.slice(valueStart, i) });
      continue;
    }
    const valueStart = i + 1;
    let end = valueStart;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: past the end, charAt is '', which includes() finds, so the loop stops there too.
    while (end < text.length && !CLOSING_QUOTES.includes(text.charAt(end))) end += 1;
    if (end >= text.length) {
      problems.push(`The quote after ${show(`${key}=`)} is never closed`);
      tokens.push({ kind: 'pair', key, value: text.slice(valueStart) });
      break;
    }
    tokens.push({ kind: 'pair', key, value: text.slice(valueStart, end) });
    i = end + 1;
    if (i < text.length && !isSpace(i)) {
      problems.push(`Put a space after the closing quote of ${show(`${key}=`)}`);
      skipWord();
    }
  }
  return { tokens, problems };
};

/** Slack sends `&`, `<` and `>` of what users type as HTML entities; nothing else. */
export const decodeSlackEntities = (text: string): string =>
  text.replace(/&(amp|lt|gt);/g, (_, name: string) =>
    name === 'amp' ? '&' : name === 'lt' ? '<' : '>',
  );

const invalid = (command: string | undefined, problems: string[]): ParsedCommand => ({
  kind: 'invalid',
  command,
  problems,
});

/**
 * Stands in for a value that is missing (and already reported as such), so that the schema
 * reports only what is wrong with the values given. It obeys every field rule.
 */
const STAND_IN = 'missing';

const setField = (
  raw: Record<string, Record<string, unknown>>,
  field: FieldPath,
  value: unknown,
) => {
  const [part, name] = field.split('.') as ['path' | 'query' | 'body', string];
  raw[part] ??= {};
  raw[part][name] = value ?? STAND_IN;
};

/**
 * Names a field as the user knows it, from the key it came from (`labels`, by field path):
 * `body.org_names` items 0 and 3 become `orgs (items 1, 4)`.
 */
const labelled =
  (labels: ReadonlyMap<string, string>) =>
  (path: Path, items: readonly number[]): string => {
    // Stryker disable next-line ArrayDeclaration: never reached: every field the parser fills has a label (a fallback for a schema's own path).
    const label = labels.get(path.join('.')) ?? fieldName(path, []);
    if (items.length === 0) return label;
    return `${label} (item${items.length === 1 ? '' : 's'} ${items.map((index) => index + 1).join(', ')})`;
  };

/** A word the user typed, quoted for a reply: short, and unable to break the formatting. */
const show = (text: string): string => {
  // Backquotes and control characters (\p{Cc}, written out: see field-rules.ts).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it replaces
  const clean = text.replace(/[`\u0000-\u001f\u007f-\u009f]/g, "'");
  return `\`${clean.length > MAX_ECHO ? `${clean.slice(0, MAX_ECHO)}…` : clean}\``;
};
