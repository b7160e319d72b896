/**
 * A local osls plugin (listed under `plugins:` in serverless.yml) that stops `osls package` and
 * `osls deploy` before anything is written when the deployment cannot work: a required param
 * missing, an ARN that is not one, a function not built. Every problem is listed at once, each
 * with its fix. Other commands (`osls info`, `osls remove`) need neither and are left alone.
 *
 * osls loads it with `require()`: Node 24 strips its types. So it imports only Node built-ins
 * and its sibling, never lib/.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type DeploySettings, deploySettingProblems } from './deploy-settings.ts';

/** The part of osls's `serverless` object the preflight reads. */
export interface OslsInstance {
  serviceDir: string;
  service: {
    custom?: { preflight?: DeploySettings };
    getAllFunctions(): string[];
    getFunction(name: string): { handler?: string };
  };
  /** osls's own error: shown as its message alone, without a stack trace. */
  classes: { Error: new (message: string, code?: string) => Error };
}

/**
 * The bundles the functions' handlers point at (`dist/<function>/index.handler` is
 * `dist/<function>/index.mjs`) that do not exist under `serviceDir`.
 *
 * @example
 * ```ts
 * missingBundles('/work/bcs-offboard', ['dist/slack-worker/index.handler']);
 * // ['dist/slack-worker/index.mjs'] before `npm run build`
 * ```
 */
export const missingBundles = (serviceDir: string, handlers: readonly string[]): string[] =>
  handlers
    .map((handler) => handler.replace(/\.[^./]+$/, '.mjs'))
    .filter((bundle) => !existsSync(join(serviceDir, bundle)));

/**
 * Everything that keeps the service from being packaged, one line each; empty when nothing does.
 *
 * @example
 * ```ts
 * preflightProblems(serverless); // ['credentialsSecretArn is not set: ...']
 * ```
 */
export const preflightProblems = (serverless: OslsInstance): string[] => {
  const { service, serviceDir } = serverless;
  const handlers = service
    .getAllFunctions()
    .map((name) => service.getFunction(name).handler)
    .filter((handler): handler is string => handler !== undefined);
  const missing = missingBundles(serviceDir, handlers);
  return [
    ...deploySettingProblems(service.custom?.preflight ?? {}),
    ...(missing.length > 0
      ? [
          `no build: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing; run \`npm run build\` first`,
        ]
      : []),
  ];
};

/**
 * The plugin: checks before `package` cleans anything up (`osls deploy` runs `package` first).
 *
 * @example
 * ```yaml
 * # serverless.yml
 * plugins:
 *   - ./scripts/osls-preflight.ts
 * ```
 */
export default class OslsPreflight {
  readonly hooks: Record<string, () => void>;

  constructor(serverless: OslsInstance) {
    this.hooks = {
      'before:package:cleanup': () => {
        const problems = preflightProblems(serverless);
        if (problems.length === 0) return;
        throw new serverless.classes.Error(
          [
            'bcs-offboard cannot be packaged (see serverless.yml for every param):',
            ...problems.map((problem) => `  - ${problem}`),
          ].join('\n'),
          'BCS_OFFBOARD_PREFLIGHT',
        );
      },
    };
  }
}
