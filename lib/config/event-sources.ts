import { setting } from './config.ts';

/**
 * The EventBridge `source` values allowed to ask for an operation, from `ALLOWED_EVENT_SOURCES`
 * (comma-separated, set by `serverless.yml` from the `eventSources` param). `undefined` when
 * unset or empty: every source is accepted (local runs and tests, where no rule filters).
 *
 * @example
 * ```ts
 * readTrustedSources({ ALLOWED_EVENT_SOURCES: 'bcs-offboard.requests, acme.hr' });
 * // Set { 'bcs-offboard.requests', 'acme.hr' }
 * ```
 */
export const readTrustedSources = (env: NodeJS.ProcessEnv): ReadonlySet<string> | undefined => {
  const sources = (env.ALLOWED_EVENT_SOURCES ?? '')
    .split(',')
    .map((source) => source.trim())
    .filter((source) => source !== '');
  return sources.length > 0 ? new Set(sources) : undefined;
};

/** The trusted sources of this container, parsed once ({@link readTrustedSources}). */
export const trustedEventSources = /* @__PURE__ */ setting(readTrustedSources);
