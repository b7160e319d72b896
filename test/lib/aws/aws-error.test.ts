import { describe, expect, it } from 'vitest';
import { AwsError, readErrorAnswer, unansweredFailure } from '../../../lib/aws/aws-error.ts';

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers(headers),
  text: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('readErrorAnswer: the name', () => {
  it("takes the body's __type, keeping what follows the last #", () => {
    // Act
    const { name } = readErrorAnswer(
      answer(400, {
        __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        message: 'The conditional request failed',
      }),
      false,
    );

    // Assess
    expect(name).toBe('ConditionalCheckFailedException');
  });

  it('prefers __type to code, and code to the x-amzn-errortype header', () => {
    // Act
    const names = [
      readErrorAnswer(answer(400, { __type: 'A', code: 'B' }, { 'x-amzn-errortype': 'C' }), false)
        .name,
      readErrorAnswer(answer(400, { code: 'B' }, { 'x-amzn-errortype': 'C' }), false).name,
      readErrorAnswer(answer(400, {}, { 'x-amzn-errortype': 'C' }), false).name,
    ];

    // Assess
    expect(names).toEqual(['A', 'B', 'C']);
  });

  it('prefers the header for a REST-JSON service (Lambda), cut before its colon', () => {
    // Act
    const { name } = readErrorAnswer(
      answer(
        404,
        { Type: 'User', message: 'Function not found', code: 'Other' },
        { 'X-Amzn-ErrorType': 'ResourceNotFoundException:http://internal.amazon.com/coral/' },
      ),
      true,
    );

    // Assess
    expect(name).toBe('ResourceNotFoundException');
  });

  it('falls back to code, then __type, for a REST-JSON answer without the header', () => {
    // Act
    const names = [
      readErrorAnswer(answer(400, { code: 'B', __type: 'A' }), true).name,
      readErrorAnswer(answer(400, { __type: 'x#A' }), true).name,
    ];

    // Assess
    expect(names).toEqual(['B', 'A']);
  });

  it('cuts a name at its first comma, as the SDK does', () => {
    // Act
    const { name } = readErrorAnswer(
      answer(400, {}, { 'x-amzn-errortype': 'ValidationException,Sender' }),
      false,
    );

    // Assess
    expect(name).toBe('ValidationException');
  });

  it('skips a name that is not text or comes out empty', () => {
    // Act
    const { name } = readErrorAnswer(
      answer(400, { __type: 42, code: 'aws#' }, { 'x-amzn-errortype': 'Throttling' }),
      false,
    );

    // Assess
    expect(name).toBe('Throttling');
  });

  it("names a proxy's HTML error page HTTP <status>, with no detail", () => {
    // Act
    const failure = readErrorAnswer(
      answer(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', {
        'content-type': 'text/html',
      }),
      false,
    );

    // Assess
    expect(failure).toMatchObject({ name: 'HTTP 502', status: 502, sent: 'maybe' });
    expect(failure.detail).toBeUndefined();
    expect(failure.body).toBeUndefined();
  });

  it('names an empty answer, a JSON array or a JSON string HTTP <status>', () => {
    // Act
    const names = ['', '[1]', '"ThrottlingException"', 'null'].map(
      (text) => readErrorAnswer(answer(403, text), false).name,
    );

    // Assess
    expect(names).toEqual(['HTTP 403', 'HTTP 403', 'HTTP 403', 'HTTP 403']);
  });
});

describe('readErrorAnswer: the rest', () => {
  it('takes message, else Message, as the detail', () => {
    // Act
    const details = [
      readErrorAnswer(answer(400, { __type: 'A', message: 'lower', Message: 'upper' }), false),
      readErrorAnswer(answer(400, { __type: 'A', Message: 'upper' }), false),
      readErrorAnswer(answer(400, { __type: 'A', message: 7 }), false),
    ].map((failure) => failure.detail);

    // Assess
    expect(details).toEqual(['lower', 'upper', undefined]);
  });

  it('keeps the request id and the parsed body (the Item of a failed condition)', () => {
    // Prepare
    const body = {
      __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
      message: 'The conditional request failed',
      Item: { id: { S: 'k' } },
    };

    // Act
    const failure = readErrorAnswer(answer(400, body, { 'x-amzn-RequestId': 'REQ1' }), false);

    // Assess
    expect(failure).toEqual({
      name: 'ConditionalCheckFailedException',
      detail: 'The conditional request failed',
      status: 400,
      requestId: 'REQ1',
      sent: 'answered',
      body,
    });
  });

  it('says a 4xx was answered (nothing done) and a 5xx may have been applied', () => {
    // Act
    const sent = [400, 429, 499, 500, 503].map(
      (status) => readErrorAnswer(answer(status, {}), false).sent,
    );

    // Assess
    expect(sent).toEqual(['answered', 'answered', 'answered', 'maybe', 'maybe']);
  });
});

describe('unansweredFailure', () => {
  const fetchError = (code: string) =>
    new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
  const live = new AbortController().signal;

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])(
    'says nothing was sent when the connection was never made (%s)',
    (code) => {
      // Act
      const failure = unansweredFailure(fetchError(code), live);

      // Assess
      expect(failure).toEqual({ name: code, sent: 'not-sent' });
    },
  );

  it.each(['ECONNRESET', 'UND_ERR_SOCKET', 'ETIMEDOUT', 'EPIPE'])(
    'says the request may have been applied when the connection broke (%s)',
    (code) => {
      // Act
      const failure = unansweredFailure(fetchError(code), live);

      // Assess
      expect(failure).toEqual({ name: code, sent: 'maybe' });
    },
  );

  it('names an error without a socket code NetworkError', () => {
    // Act
    const failure = unansweredFailure(new TypeError('fetch failed'), live);

    // Assess
    expect(failure).toEqual({ name: 'NetworkError', sent: 'maybe' });
  });

  it('names a fired timeout signal TimeoutError, and any other abort AbortError', () => {
    // Prepare
    const aborted = new AbortController();
    aborted.abort();
    const timedOut = new AbortController();
    timedOut.abort(new DOMException('timed out', 'TimeoutError'));

    // Act
    const names = [
      unansweredFailure(new Error('aborted'), aborted.signal).name,
      unansweredFailure(new Error('aborted'), timedOut.signal).name,
    ];

    // Assess
    expect(names).toEqual(['AbortError', 'TimeoutError']);
  });
});

describe('AwsError', () => {
  it('is named as AWS names the error, and says which call failed and how', () => {
    // Act
    const error = new AwsError({
      service: 'dynamodb',
      call: 'PutItem',
      name: 'ConditionalCheckFailedException',
      detail: 'The conditional request failed',
      status: 400,
      requestId: 'REQ1',
      sent: 'answered',
      attempts: 2,
    });

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ConditionalCheckFailedException');
    expect(error.message).toBe(
      'dynamodb PutItem: ConditionalCheckFailedException (HTTP 400): The conditional request failed',
    );
    expect(error).toMatchObject({
      service: 'dynamodb',
      call: 'PutItem',
      status: 400,
      requestId: 'REQ1',
      sent: 'answered',
      attempts: 2,
    });
  });

  it('does not repeat the status of a failure named after it', () => {
    // Act
    const error = new AwsError({
      service: 'sqs',
      call: 'SendMessage',
      name: 'HTTP 502',
      status: 502,
      sent: 'maybe',
    });

    // Assess
    expect(error.message).toBe('sqs SendMessage: HTTP 502');
    expect(error.attempts).toBe(1);
  });

  it("quotes at most 300 characters of the service's message", () => {
    // Act
    const error = new AwsError({
      service: 'events',
      call: 'PutEvents',
      name: 'ValidationException',
      detail: 'x'.repeat(5000),
      sent: 'answered',
    });

    // Assess
    expect(error.message.length).toBeLessThan(400);
  });

  it('carries its cause', () => {
    // Prepare
    const cause = new TypeError('fetch failed');

    // Act
    const error = new AwsError(
      { service: 'lambda', call: 'Invoke', name: 'NetworkError', sent: 'maybe' },
      { cause },
    );

    // Assess
    expect(error.cause).toBe(cause);
  });
});
