import middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { allowedProjectIds } from '../config/config.ts';
import { auditTarget, auditTargetIfValid, httpWho } from '../logging/audit.ts';
import { createLogger, type Logger, levelOfStatus } from '../logging/log.ts';
import { bodySizeLimit } from '../middlewares/body-size-limit.ts';
import { httpErrorResponse } from '../middlewares/http-error-response.ts';
import type { Operation } from '../operations/operation.ts';
import { admitRequest, type OperationInput } from '../pipeline/admit-request.ts';
import type { BcsAnswer } from '../pipeline/call-bcs.ts';
import { deadlineSignal } from '../pipeline/deadline.ts';
import { type RequestPipeline, sharedRequestPipeline } from '../pipeline/request-pipeline.ts';
import { MAX_BODY_BYTES } from './body-limit.ts';

/** What {@link httpHandler} is assembled from, each with its deployed default. */
export interface HttpHandlerParts {
  pipeline?: () => RequestPipeline;
  log?: Logger;
}

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
export const httpHandler = <I extends OperationInput>(
  operation: Operation<I>,
  { pipeline = sharedRequestPipeline, log = createLogger() }: HttpHandlerParts = {},
) => {
  /** Who asked, for what, and API Gateway's id of the request (see lib/logging/audit.ts). */
  const audit = (event: APIGatewayProxyEventV2) => ({
    who: httpWho(event),
    target: auditTargetIfValid(operation.schema, { path: event.pathParameters, body: event.body }),
    api_request_id: event.requestContext.requestId,
  });
  // Stryker disable next-line ObjectLiteral: middy's default early timeout (5 ms before the end) is set after deadlineSignal's (1 s before, at least 1 ms), so it never fires first.
  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, Context>({
    // The deadline is ours (deadlineSignal), so that a timeout names the service at fault.
    timeoutEarlyInMillis: 0,
  })
    .use(httpErrorResponse({ operation: operation.name, audit }))
    .use(
      // Stryker disable next-line ObjectLiteral: without maxBytes, refuseOversized's default is MAX_BODY_BYTES too.
      bodySizeLimit({ maxBytes: MAX_BODY_BYTES }),
    )
    .use(httpJsonBodyParser())
    .handler(async (event, context) => {
      const { config, callBcs } = pipeline();
      const raw = {
        path: event.pathParameters ?? {},
        body: event.body,
        'X-Auth-Token': event.headers['x-auth-token'],
      };
      const admitted = admitRequest(operation, raw, allowedProjectIds(config));
      const response = await callBcs(admitted, deadlineSignal(context));
      // BCS's own 5xx, passed through, is as much an alarm as one of ours.
      log.log(levelOfStatus(response.status), 'bcs answered', {
        operation: operation.name,
        aws_request_id: context.awsRequestId,
        status: response.status,
        operation_id: response.json.operation_id,
        error_code: response.json.error_code,
        bcs_request_id: response.requestId,
        ...(response.tokenRenewed && { token_renewed: true }),
        who: httpWho(event),
        target: auditTarget(admitted.input),
        api_request_id: event.requestContext.requestId,
      });
      return toHttpResponse(response, context.awsRequestId);
    });
};

/** BCS's status and body as BCS sent them, with its request id when it gave one. */
export const toHttpResponse = (response: BcsAnswer, awsRequestId: string) => ({
  statusCode: response.status,
  headers: {
    'content-type': 'application/json',
    'x-request-id': response.requestId ?? awsRequestId,
  },
  body: response.body,
});
