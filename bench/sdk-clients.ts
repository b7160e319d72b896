/**
 * The AWS SDK clients a bundle imports on first use. The build leaves `@aws-sdk/*` out of the
 * bundles (the Lambda runtime provides it) and the code imports each client lazily, so the
 * bundle keeps them as `import("@aws-sdk/client-…")` calls: their cost is not in the bundle's
 * size or module load, but in the first invocation that needs them.
 */

const SDK_IMPORT = /\bimport\(\s*["'`](@aws-sdk\/[a-z0-9-]+)["'`]\s*\)/g;

/**
 * The `@aws-sdk/*` packages `bundle` (a bundle's text) imports dynamically, each once, sorted.
 *
 * @example
 * ```ts
 * sdkClientsOf('a=()=>import("@aws-sdk/client-sqs")'); // ['@aws-sdk/client-sqs']
 * ```
 */
export const sdkClientsOf = (bundle: string): string[] =>
  [...new Set(Array.from(bundle.matchAll(SDK_IMPORT), (match) => match[1] ?? ''))].sort();
