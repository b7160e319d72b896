import { type CfnTemplate, evaluate } from './serverless.ts';

/** What a deployed stack's resources answer to `Ref` and `Fn::GetAtt`. */
export interface StackResource {
  ref: string;
  attributes: Record<string, string>;
}

/** The stack a template is resolved in: its account, region and created resources. */
export interface StackContext {
  accountId: string;
  region: string;
  /** By logical id. */
  resources: Record<string, StackResource>;
}

/** A template value that uses an intrinsic function this resolver does not know. */
export class UnresolvableIntrinsicError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnresolvableIntrinsicError';
  }
}

const partitionOf = (region: string): string =>
  region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';

/**
 * `value` as CloudFormation would make it in `stack`, every parameter at its default: what
 * {@link evaluate} resolves (parameters, conditions, `Fn::If`, `AWS::NoValue`), then `Ref`,
 * `Fn::GetAtt`, `Fn::Sub` and `Fn::Join` with the stack's pseudo parameters and resources.
 * Any other intrinsic, or a resource the stack lacks, throws: a value resolved by guess would
 * make a permission test prove nothing.
 *
 * @example
 * ```ts
 * resolveIntrinsics(template, { 'Fn::GetAtt': ['RequestQueue', 'Arn'] }, stack);
 * // 'arn:aws:sqs:eu-west-1:123456789012:bcs-offboard-dev-requests'
 * ```
 */
export const resolveIntrinsics = (
  template: CfnTemplate,
  value: unknown,
  stack: StackContext,
): unknown => resolve(evaluate(template, value), template, stack);

const resolve = (value: unknown, template: CfnTemplate, stack: StackContext): unknown => {
  if (Array.isArray(value)) return value.map((item) => resolve(item, template, stack));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const [only] = entries;
  if (entries.length === 1 && only && (only[0] === 'Ref' || only[0].startsWith('Fn::'))) {
    const [name, argument] = only;
    const text = (item: unknown) => String(resolve(item, template, stack));
    switch (name) {
      case 'Ref':
        return reference(String(argument), template, stack);
      case 'Fn::GetAtt': {
        const [id = '', attribute = ''] = Array.isArray(argument)
          ? argument.map(text)
          : String(argument).split(/\.(.*)/s);
        return attributeOf(id, attribute, stack);
      }
      case 'Fn::Sub': {
        const [format, variables = {}] = Array.isArray(argument) ? argument : [argument];
        return substitute(String(format), variables as Record<string, unknown>, template, stack);
      }
      case 'Fn::Join': {
        const [separator, items] = argument as [string, unknown];
        return (resolve(items, template, stack) as unknown[]).map(String).join(separator);
      }
      default:
        throw new UnresolvableIntrinsicError(`${name} is not resolved by the test harness`);
    }
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, resolve(item, template, stack)]));
};

const reference = (name: string, template: CfnTemplate, stack: StackContext): string => {
  const pseudo: Record<string, string> = {
    'AWS::AccountId': stack.accountId,
    'AWS::Region': stack.region,
    'AWS::Partition': partitionOf(stack.region),
    'AWS::URLSuffix': stack.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com',
  };
  const found = pseudo[name] ?? template.Parameters?.[name]?.Default ?? stack.resources[name]?.ref;
  if (found === undefined) {
    throw new UnresolvableIntrinsicError(`Ref ${name}: no such parameter or resource in the stack`);
  }
  return found;
};

const attributeOf = (id: string, attribute: string, stack: StackContext): string => {
  const found = stack.resources[id]?.attributes[attribute];
  if (found === undefined) {
    throw new UnresolvableIntrinsicError(`Fn::GetAtt ${id}.${attribute}: not in the stack`);
  }
  return found;
};

/** `Fn::Sub`: `${Name}`, `${Id.Attribute}` and `${!Literal}` (written as `${Literal}`). */
const substitute = (
  format: string,
  variables: Record<string, unknown>,
  template: CfnTemplate,
  stack: StackContext,
): string =>
  format.replace(/\$\{(!?)([^}]+)\}/g, (_whole, literal: string, name: string) => {
    if (literal) return `\${${name}}`;
    if (name in variables) return String(resolve(variables[name], template, stack));
    const [id = '', attribute] = name.split(/\.(.*)/s);
    return attribute === undefined
      ? reference(name, template, stack)
      : attributeOf(id, attribute, stack);
  });
