/**
 * sdkClientsOf: which AWS SDK clients a bundle imports on first use. Checked on made-up text
 * (examples and properties) and on the real bundles, built by the vitest globalSetup: whatever
 * SDK clients they use (none, once every AWS call is made over `fetch`), the bench times them all.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sdkClientsOf } from '../../bench/sdk-clients.ts';
import { functionNames } from '../../scripts/build.ts';

const dist = new URL('../../dist/', import.meta.url).pathname;
const names = await functionNames();
const clientName = fc.stringMatching(/^client-[a-z0-9]+(-[a-z0-9]+)*$/);
/** Minified-looking code that holds no dynamic import. */
const filler = fc.string({ unit: fc.constantFrom('a', '=', ';', '(', ')', '"', '@', '/', ' ') });

describe('sdkClientsOf', () => {
  it('reads the dynamic imports of @aws-sdk packages, each once, sorted', () => {
    // Prepare
    const bundle =
      'var a=()=>import("@aws-sdk/client-sqs"),b=()=>import(\'@aws-sdk/client-dynamodb\');' +
      'c=()=>import("@aws-sdk/client-sqs");d=import(`@aws-sdk/client-lambda`)';

    // Act
    const clients = sdkClientsOf(bundle);

    // Assess
    expect(clients).toEqual([
      '@aws-sdk/client-dynamodb',
      '@aws-sdk/client-lambda',
      '@aws-sdk/client-sqs',
    ]);
  });

  it('ignores a package name that is only mentioned, and other packages', () => {
    // Act
    const clients = sdkClientsOf(
      'x="@aws-sdk/client-sqs";y=import("@middy/core");z=reimport("@aws-sdk/client-sqs")',
    );

    // Assess
    expect(clients).toEqual([]);
  });

  it('finds exactly the clients imported, whatever code surrounds them (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(filler, clientName), { maxLength: 6 }),
        filler,
        (pieces, tail) => {
          // Prepare
          const bundle =
            pieces.map(([code, name]) => `${code};import("@aws-sdk/${name}")`).join('') + tail;

          // Act
          const clients = sdkClientsOf(bundle);

          // Assess
          const expected = [...new Set(pieces.map(([, name]) => `@aws-sdk/${name}`))].sort();
          expect(clients).toEqual(expected);
        },
      ),
    );
  });

  it.each(names)(
    'finds in dist/%s every AWS SDK package it names: each one imported on first use, which the bench times',
    async (name) => {
      // Prepare
      const bundle = await readFile(join(dist, name, 'index.mjs'), 'utf8');

      // Act
      const found = sdkClientsOf(bundle);

      // Assess
      const named = [...new Set(bundle.match(/@aws-sdk\/[a-z0-9-]+/g) ?? [])].sort();
      expect(found).toEqual(named);
    },
  );
});
