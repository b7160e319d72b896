import middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { auditTargetIfValid, httpWho } from '../audit.ts';
import type { BcsResponse } from '../bcs/client.ts';
import { MAX_BODY_BYTES } from '../body-limit.ts';
import { deadlineSignal } from '../deadline.ts';
import { levelOfStatus, logLine } from '../log.ts';
import { bodySizeLimit } from '../middlewares/body-size-limit.ts';
import { httpErrorResponse } from '../middlewares/http-error-response.ts';
import { sharedOffboardService } from '../offboard-service.ts';
import type { Operation } from '../operations/operation.ts';

/**
 * A Lambda handler for an API Gateway HTTP API (payload 2.0) route that mirrors one BCS
 * operation: same path, same body, BCS's status and body back. Its one log line per request
 * says who asked (the authorizer's principal), for what, how it ended, and API Gateway's
 * request id, which the access log carries too.
 *
 * @example
 * ```ts
 * // functions/http-remove-channel-orgs.ts
 * export const handler = httpHandler(removeChannelOrgs);
 * ```
 */
export const httpHandler = <I extends { 'X-Auth-Token'?: string | undefined }>(
  operation: Operation<I>,
) => {
  /** Who asked, for what, and API Gateway's id of the request (see lib/audit.ts). */
  const audit = (event: APIGatewayProxyEventV2) => ({
    who: httpWho(event),
    target: auditTargetIfValid(operation.schema, { path: event.pathParameters, body: event.body }),
    api_request_id: event.requestContext.requestId,
  });
  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, Context>({
    // The deadline is ours (deadlineSignal), so that a timeout names the service at fault.
    timeoutEarlyInMillis: 0,
  })
    .use(httpErrorResponse({ operation: operation.name, audit }))
    .use(bodySizeLimit({ maxBytes: MAX_BODY_BYTES }))
    .use(httpJsonBodyParser())
    .handler(async (event, context) => {
      const response = await sharedOffboardService().run(
        operation,
        {
          path: event.pathParameters ?? {},
          body: event.body,
          'X-Auth-Token': event.headers['x-auth-token'],
        },
        deadlineSignal(context),
      );
      // BCS's own 5xx, passed through, is as much an alarm as one of ours.
      logLine(levelOfStatus(response.status), 'bcs answered', {
        operation: operation.name,
        aws_request_id: context.awsRequestId,
        status: response.status,
        operation_id: response.json.operation_id,
        error_code: response.json.error_code,
        bcs_request_id: response.requestId,
        ...(response.tokenRenewed && { token_renewed: true }),
        ...audit(event),
      });
      return toHttpResponse(response, context.awsRequestId);
    });
};

/** BCS's status and body as BCS sent them, with its request id when it gave one. */
export const toHttpResponse = (response: BcsResponse, awsRequestId: string) => ({
  statusCode: response.status,
  headers: {
    'content-type': 'application/json',
    'x-request-id': response.requestId ?? awsRequestId,
  },
  body: response.body,
});
