import { type Config, sharedConfig, upstreamConfig } from '../config/config.ts';
import { type BcsCaller, createBcsCaller } from './call-bcs.ts';

/**
 * The parts of the request pipeline that last as long as the container: the configuration
 * (read once) and the BCS caller (with its token cache). The steps every caller runs with
 * them, in order: `admitRequest` (validate once, check the project), for events and chat-ops
 * `settleRequest` (claim, call, outcome), else `callBcs` (authenticate, call).
 */
export interface RequestPipeline {
  config: Config;
  callBcs: BcsCaller;
}

let shared: RequestPipeline | undefined;

/**
 * The pipeline parts of this Lambda container, made from its configuration on first use and
 * kept (with the token cache) for the life of the container.
 *
 * @example
 * ```ts
 * const { config, callBcs } = sharedRequestPipeline();
 * const answer = await callBcs(admitRequest(quitConsortium, raw, allowedProjectIds(config)), signal);
 * ```
 */
export const sharedRequestPipeline = (): RequestPipeline => {
  if (!shared) {
    const config = sharedConfig();
    shared = { config, callBcs: createBcsCaller(() => upstreamConfig(config)) };
  }
  return shared;
};
