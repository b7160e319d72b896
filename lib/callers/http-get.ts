import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { allowedProjectIds } from '../config/config.ts';
import { httpWho } from '../logging/audit.ts';
import { createLogger, levelOfStatus } from '../logging/log.ts';
import { httpErrorResponse } from '../middlewares/http-error-response.ts';
import type { Operation } from '../operations/operation.ts';
import { admitRequest, type OperationInput } from '../pipeline/admit-request.ts';
import { deadlineSignal } from '../pipeline/deadline.ts';
import { sharedRequestPipeline } from '../pipeline/request-pipeline.ts';
import { safeParse } from '../schemas/schema.ts';
import { type HttpHandlerParts, toHttpResponse } from './http.ts';

/**
 * A Lambda handler for an API Gateway HTTP API (payload 2.0) GET route that mirrors one BCS
 * read: same path, the query read from `rawQueryString` exactly as the caller sent it
 * (`queryStringParameters` joins a repeated parameter's values with commas, which would hide
 * the repeat), BCS's status and body back as BCS sent them. A body, if any, is ignored. Its
 * one log line says who asked, for what (the valid input only), how it ended, and API
 * Gateway's request id.
 *
 * @example
 * ```ts
 * // functions/http-operation-record.ts
 * export const handler = httpGetHandler(listOperationRecords);
 * ```
 */
export const httpGetHandler = <I extends OperationInput>(
  operation: Operation<I>,
  { pipeline = sharedRequestPipeline, log = createLogger() }: HttpHandlerParts = {},
) => {
  const rawInput = (event: APIGatewayProxyEventV2) => ({
    path: event.pathParameters ?? {},
    query: event.rawQueryString ?? '',
    body: undefined,
    'X-Auth-Token': event.headers['x-auth-token'],
  });
  /**
   * For an error's line: who asked, for what (only an input found valid: it may hold anything),
   * and API Gateway's id.
   */
  const audit = (event: APIGatewayProxyEventV2) => {
    const parsed = safeParse(operation.schema, { ...rawInput(event), 'X-Auth-Token': undefined });
    return {
      who: httpWho(event),
      target: parsed.success ? auditTargetOf(parsed.output) : undefined,
      api_request_id: event.requestContext.requestId,
    };
  };
  // Stryker disable next-line ObjectLiteral: middy's default early timeout (5 ms before the end) is set after deadlineSignal's (1 s before, at least 1 ms), so it never fires first.
  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, Context>({
    // The deadline is ours (deadlineSignal), so that a timeout names the service at fault.
    timeoutEarlyInMillis: 0,
  })
    .use(httpErrorResponse({ operation: operation.name, audit }))
    .handler(async (event, context) => {
      const { config, callBcs } = pipeline();
      const admitted = admitRequest(operation, rawInput(event), allowedProjectIds(config));
      const response = await callBcs(admitted, deadlineSignal(context));
      // BCS's own 5xx, passed through, is as much an alarm as one of ours.
      log.log(levelOfStatus(response.status), 'bcs answered', {
        operation: operation.name,
        aws_request_id: context.awsRequestId,
        status: response.status,
        error_code: response.json.error_code,
        bcs_request_id: response.requestId,
        ...(response.tokenRenewed && { token_renewed: true }),
        // The input admitted above, not validated again.
        who: httpWho(event),
        target: auditTargetOf(admitted.input),
        api_request_id: event.requestContext.requestId,
      });
      return toHttpResponse(response, context.awsRequestId);
    });
};

/** `{ project_id, operation_id, ... }`: the path and the query of a valid input, flat. */
const auditTargetOf = (input: unknown): object => {
  const { path, query } = input as { path: object; query: object };
  return { ...path, ...query };
};
