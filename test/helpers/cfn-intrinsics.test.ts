import { describe, expect, it } from 'vitest';
import {
  resolveIntrinsics,
  type StackContext,
  UnresolvableIntrinsicError,
} from './cfn-intrinsics.ts';
import type { CfnTemplate } from './serverless.ts';

const template: CfnTemplate = {
  Parameters: { Stage: { Type: 'String', Default: 'dev' }, Empty: { Type: 'String', Default: '' } },
  Conditions: { HasEmpty: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'Empty' }, ''] }] } },
  Resources: {},
};
const stack: StackContext = {
  accountId: '123456789012',
  region: 'eu-west-1',
  resources: {
    Queue: {
      ref: 'http://127.0.0.1:5000/123456789012/q',
      attributes: { Arn: 'arn:aws:sqs:eu-west-1:123456789012:q' },
    },
  },
};

describe('resolveIntrinsics', () => {
  it('resolves Fn::Sub with pseudo parameters, parameters, attributes and literals', () => {
    // Prepare
    const value = {
      'Fn::Sub':
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
        'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:${Stage}:${Queue.Arn}:${!Kept}',
    };

    // Act
    const resolved = resolveIntrinsics(template, value, stack);

    // Assess
    expect(resolved).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: what Fn::Sub leaves of ${!Kept}
      'arn:aws:logs:eu-west-1:123456789012:dev:arn:aws:sqs:eu-west-1:123456789012:q:${Kept}',
    );
  });

  it('resolves Ref, Fn::GetAtt, Fn::Join and conditions inside a statement', () => {
    // Prepare
    const value = {
      Resource: [
        { 'Fn::GetAtt': ['Queue', 'Arn'] },
        { Ref: 'Queue' },
        { 'Fn::Join': ['/', [{ Ref: 'AWS::AccountId' }, 'x']] },
        { 'Fn::If': ['HasEmpty', 'kept-out', { Ref: 'AWS::NoValue' }] },
      ],
    };

    // Act
    const resolved = resolveIntrinsics(template, value, stack);

    // Assess
    expect(resolved).toEqual({
      Resource: [
        'arn:aws:sqs:eu-west-1:123456789012:q',
        'http://127.0.0.1:5000/123456789012/q',
        '123456789012/x',
      ],
    });
  });

  it.each([
    ['an intrinsic it does not know', { 'Fn::ImportValue': 'shared-bus' }],
    ['a resource the stack lacks', { 'Fn::GetAtt': ['Table', 'Arn'] }],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
    ['a Ref to nothing', { 'Fn::Sub': '${Nothing}' }],
  ])('throws rather than guess at %s', (_, value) => {
    // Act
    const resolving = () => resolveIntrinsics(template, value, stack);

    // Assess
    expect(resolving).toThrow(UnresolvableIntrinsicError);
  });
});
