import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as ErrorCodes from '../../../lib/errors/error-codes.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';
import { httpErrorResponse } from '../../../lib/middlewares/http-error-response.ts';
import { removeChannelOrgsEvent } from '../../helpers/events.ts';
import { lambdaContext } from '../../helpers/lambda-context.ts';
import { takeLogs } from '../../helpers/log-capture.ts';

/** A middy handler that throws `error`, answered by the middleware under test. */
const failingWith = (error: unknown, options: Parameters<typeof httpErrorResponse>[0]) =>
  middy<APIGatewayProxyEventV2>()
    .use(httpErrorResponse(options))
    .handler(async () => {
      throw error;
    });

describe('httpErrorResponse', () => {
  it('answers our error with its code and message, and logs it once with its cause', async () => {
    // Prepare
    const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const error = new GatewayError(ErrorCodes.bcsUnreachable, 'BCS could not be reached', {
      cause,
    });
    const context = lambdaContext();
    takeLogs();

    // Act
    const response = await failingWith(error, { operation: 'quit-consortium' })(
      removeChannelOrgsEvent(),
      context,
    );

    // Assess
    expect(response).toEqual({
      statusCode: 502,
      headers: { 'content-type': 'application/json', 'x-request-id': context.awsRequestId },
      body: JSON.stringify({
        error_code: 'BCSGW.5020002',
        error_msg: 'BCS could not be reached',
      }),
    });
    expect(takeLogs().lines).toEqual([
      {
        level: 'error',
        message: 'request failed',
        operation: 'quit-consortium',
        aws_request_id: context.awsRequestId,
        status: 502,
        error_code: 'BCSGW.5020002',
        error_msg: 'BCS could not be reached',
        cause: expect.objectContaining({ message: 'connect ECONNREFUSED', code: 'ECONNREFUSED' }),
      },
    ]);
  });

  it('answers anything else as an internal error, keeping what was thrown for the log only', async () => {
    // Prepare
    const context = lambdaContext();
    takeLogs();

    // Act
    const response = await failingWith(new TypeError('planted-detail'), {
      operation: 'quit-consortium',
      audit: (event) => ({ api_request_id: event.requestContext.requestId }),
    })(removeChannelOrgsEvent(), context);

    // Assess
    expect(response).toMatchObject({ statusCode: 500 });
    expect(JSON.parse((response as { body: string }).body)).toEqual({
      error_code: 'BCSGW.5000001',
      error_msg: 'Internal error; nothing more can be said safely. The request id is in the logs.',
    });
    expect(JSON.stringify(response)).not.toContain('planted-detail');
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'error',
        error_code: 'BCSGW.5000001',
        cause: expect.objectContaining({ name: 'TypeError', message: 'planted-detail' }),
        api_request_id: removeChannelOrgsEvent().requestContext.requestId,
      }),
    ]);
  });
});
