import { describe, expect, it } from 'vitest';
import { AwsError, errorName } from '../../../lib/aws/aws-error.ts';

describe('errorName', () => {
  it("takes the body's __type, keeping what follows the last #", () => {
    // Act
    const name = errorName(
      {
        __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        message: 'The conditional request failed',
      },
      null,
      false,
    );

    // Assess
    expect(name).toBe('ConditionalCheckFailedException');
  });

  it('prefers __type to code, and code to the x-amzn-errortype header', () => {
    // Act
    const names = [
      errorName({ __type: 'A', code: 'B' }, 'C', false),
      errorName({ code: 'B' }, 'C', false),
      errorName({}, 'C', false),
      errorName(undefined, 'C', false),
    ];

    // Assess
    expect(names).toEqual(['A', 'B', 'C', 'C']);
  });

  it('prefers the header for a REST-JSON service (Lambda), cut before its colon', () => {
    // Act
    const name = errorName(
      { Type: 'User', message: 'Function not found', code: 'Other' },
      'ResourceNotFoundException:http://internal.amazon.com/coral/',
      true,
    );

    // Assess
    expect(name).toBe('ResourceNotFoundException');
  });

  it('falls back to code, then __type, for a REST-JSON answer without the header', () => {
    // Act
    const names = [
      errorName({ code: 'B', __type: 'A' }, null, true),
      errorName({ __type: 'x#A' }, null, true),
    ];

    // Assess
    expect(names).toEqual(['B', 'A']);
  });

  it('cuts a name at its first comma or colon, before looking for a #', () => {
    // Act
    const names = [
      errorName({}, 'ValidationException,Sender', false),
      errorName({ __type: 'Name:http://example.com/#fragment' }, null, false),
    ];

    // Assess
    expect(names).toEqual(['ValidationException', 'Name']);
  });

  it('skips a name that is not text or comes out empty', () => {
    // Act
    const name = errorName({ __type: 42, code: 'aws#' }, 'Throttling', false);

    // Assess
    expect(name).toBe('Throttling');
  });

  it('finds none in an answer that names none', () => {
    // Act
    const names = [errorName(undefined, null, false), errorName({ message: 'x' }, '', true)];

    // Assess
    expect(names).toEqual([undefined, undefined]);
  });
});

describe('AwsError', () => {
  it('is named as AWS names the error, and says which call failed and how', () => {
    // Prepare
    const body = { __type: 'x#ConditionalCheckFailedException', Item: { id: { S: 'k' } } };

    // Act
    const error = new AwsError(
      'dynamodb',
      'PutItem',
      'ConditionalCheckFailedException',
      'answered',
      400,
      'REQ1',
      body,
    );

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ConditionalCheckFailedException');
    expect(error.message).toBe(
      'dynamodb PutItem failed: ConditionalCheckFailedException (HTTP 400)',
    );
    expect(error).toMatchObject({
      service: 'dynamodb',
      call: 'PutItem',
      status: 400,
      requestId: 'REQ1',
      sent: 'answered',
      body,
    });
  });

  it('gives no status when no answer came', () => {
    // Act
    const error = new AwsError('sqs', 'SendMessage', 'ECONNRESET', 'maybe');

    // Assess
    expect(error.message).toBe('sqs SendMessage failed: ECONNRESET');
    expect(error.status).toBeUndefined();
  });

  it("never quotes the answer's body, which may echo the request", () => {
    // Act
    const error = new AwsError('events', 'PutEvents', 'ValidationException', 'answered', 400, 'R', {
      message: 'Detail PRIVATE-42 is not valid JSON',
    });

    // Assess
    expect(error.message).not.toContain('PRIVATE-42');
  });

  it('carries its cause', () => {
    // Prepare
    const cause = new TypeError('fetch failed');

    // Act
    const error = new AwsError(
      'lambda',
      'Invoke',
      'NetworkError',
      'maybe',
      undefined,
      undefined,
      undefined,
      cause,
    );

    // Assess
    expect(error.cause).toBe(cause);
  });
});
