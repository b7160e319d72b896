/**
 * bcs-offboard as a library, without Lambda: the typed BCS client, IAM sign-in and the token
 * cache, the two operations and their validation, and the request pipeline the functions
 * share (docs/architecture.md, "Using the library on its own").
 *
 * @example
 * ```ts
 * import { admitRequest, createBcsCaller, configFrom, removeChannelOrgs, upstreamConfig } from './lib/index.ts';
 *
 * const config = configFrom(process.env);
 * const callBcs = createBcsCaller(() => upstreamConfig(config));
 * const answer = await callBcs(admitRequest(removeChannelOrgs, { path, body }, undefined), signal);
 * ```
 */
export {
  type BcsClientOptions,
  type BcsResponse,
  type BcsSend,
  createBcsClient,
  createBcsSender,
} from './bcs/client.ts';
export {
  type BcsRequest,
  quitConsortiumRequest,
  removeChannelOrgsRequest,
} from './bcs/requests.ts';
export { allowedProjectIds, type Config, configFrom, upstreamConfig } from './config/config.ts';
export { readUpstreamConfig, type UpstreamConfig } from './config/upstream-config.ts';
export * as ErrorCodes from './errors/error-codes.ts';
export { type Delivery, GatewayError } from './errors/gateway-error.ts';
export { errorBody, normalizeError } from './errors/normalize-error.ts';
export { type HuaweiCredentials, type IamToken, signIn } from './iam/sign-in.ts';
export { createTokenCache, type TokenCache, tokenKey } from './iam/token-cache.ts';
export { operationsByName } from './operations/catalogue.ts';
export type { Operation, RawOperationInput } from './operations/operation.ts';
export { quitConsortium } from './operations/quit-consortium.ts';
export { removeChannelOrgs } from './operations/remove-channel-orgs.ts';
export { type AdmittedRequest, admitRequest } from './pipeline/admit-request.ts';
export { type BcsAnswer, type BcsCaller, createBcsCaller } from './pipeline/call-bcs.ts';
export {
  type Outcome,
  outcomeDetail,
  outcomeOfError,
  outcomeOfResponse,
} from './pipeline/outcome.ts';
export { validate } from './schemas/validate.ts';
export { type HuaweiAccessKey, signHuaweiRequest } from './signing/huawei-sdk-hmac-sha256.ts';
