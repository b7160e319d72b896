import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { bodyParserError } from '../errors/body-parser-error.ts';
import { errorBody, normalizeError } from '../errors/normalize-error.ts';
import { levelOfStatus, logLine } from '../logging/log.ts';

export interface HttpErrorResponseOptions {
  /** Names the operation in the log line. */
  operation: string;
  /** The request's audit fields (who asked, for what: lib/logging/audit.ts), added to the line. */
  audit?: (event: APIGatewayProxyEventV2) => Record<string, unknown>;
}

/**
 * middy `onError`: answers any failure as `{"error_code", "error_msg"}` with a JSON content
 * type and the Lambda request id (the body parser's errors with codes of their own), and logs
 * it once with its cause (never answered) and the request's `audit` fields.
 *
 * @example
 * ```ts
 * middy().use(httpErrorResponse({ operation: 'quit-consortium' })).handler(handler);
 * ```
 */
export const httpErrorResponse = ({
  operation,
  audit,
}: HttpErrorResponseOptions): middy.MiddlewareObj<
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  Error,
  Context
> => ({
  onError: (request) => {
    const error = bodyParserError(request.error) ?? normalizeError(request.error);
    logLine(levelOfStatus(error.statusCode), 'request failed', {
      operation,
      aws_request_id: request.context.awsRequestId,
      status: error.statusCode,
      error_code: error.errorCode,
      error_msg: error.message,
      cause: error.cause,
      ...audit?.(request.event),
    });
    request.response = {
      statusCode: error.statusCode,
      headers: {
        'content-type': 'application/json',
        'x-request-id': request.context.awsRequestId,
      },
      body: JSON.stringify(errorBody(error)),
    };
  },
});
