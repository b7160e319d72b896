import { jsonReply, newRequestId, type Reply } from './http.ts';

// BCS's error_msg is at most 512 characters; the gateway's answers keep to it too.
const MAX_ERROR_MSG = 512;

/**
 * The 401 Huawei's API gateway answers before BCS sees a request it cannot authenticate:
 * `APIGW.0301`, with the request id in the body as well as in `X-Request-Id`.
 *
 * @example
 * gatewayAuthError('x-auth-token not found');
 * // 401 {"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: x-auth-token not found","request_id":"..."}
 */
export function gatewayAuthError(reason: string): Reply {
  const requestId = newRequestId();
  const message = `Incorrect IAM authentication information: ${reason}`;
  const body = {
    error_code: 'APIGW.0301',
    error_msg:
      message.length <= MAX_ERROR_MSG ? message : `${message.slice(0, MAX_ERROR_MSG - 3)}...`,
    request_id: requestId,
  };
  return jsonReply(401, body, { 'X-Request-Id': requestId });
}
