import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { httpWho } from '../audit.ts';
import { deadlineSignal } from '../deadline.ts';
import { levelOfStatus, logLine } from '../log.ts';
import { httpErrorResponse } from '../middlewares/http-error-response.ts';
import { sharedOffboardService } from '../offboard-service.ts';
import type { Operation } from '../operations/operation.ts';
import { safeParse } from '../schemas/schema.ts';
import { toHttpResponse } from './http.ts';

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
export const httpGetHandler = <I extends { 'X-Auth-Token'?: string | undefined }>(
  operation: Operation<I>,
) => {
  const rawInput = (event: APIGatewayProxyEventV2) => ({
    path: event.pathParameters ?? {},
    query: event.rawQueryString ?? '',
    body: undefined,
    'X-Auth-Token': event.headers['x-auth-token'],
  });
  /** Who asked, for what (only an input found valid: it may hold anything), and API Gateway's id. */
  const audit = (event: APIGatewayProxyEventV2) => {
    const parsed = safeParse(operation.schema, { ...rawInput(event), 'X-Auth-Token': undefined });
    return {
      who: httpWho(event),
      target: parsed.success ? auditTargetOf(parsed.output) : undefined,
      api_request_id: event.requestContext.requestId,
    };
  };
  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, Context>({
    // The deadline is ours (deadlineSignal), so that a timeout names the service at fault.
    timeoutEarlyInMillis: 0,
  })
    .use(httpErrorResponse({ operation: operation.name, audit }))
    .handler(async (event, context) => {
      const response = await sharedOffboardService().run(
        operation,
        rawInput(event),
        deadlineSignal(context),
      );
      // BCS's own 5xx, passed through, is as much an alarm as one of ours.
      logLine(levelOfStatus(response.status), 'bcs answered', {
        operation: operation.name,
        aws_request_id: context.awsRequestId,
        status: response.status,
        error_code: response.json.error_code,
        bcs_request_id: response.requestId,
        ...(response.tokenRenewed && { token_renewed: true }),
        ...audit(event),
      });
      return toHttpResponse(response, context.awsRequestId);
    });
};

/** `{ project_id, operation_id, ... }`: the path and the query of a valid input, flat. */
const auditTargetOf = (input: unknown): object => {
  const { path, query } = input as { path: object; query: object };
  return { ...path, ...query };
};
