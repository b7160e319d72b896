import { buildAll } from '../../scripts/build.ts';

/** Integration tests drive the real bundles: build them once, before any test file runs. */
export default async function setup(): Promise<void> {
  await buildAll();
}
