/**
 * The official AWS SigV4 test suite itself, when a copy is at hand: set AWS_SIGV4_TEST_SUITE to
 * its folder in botocore's layout (tests/unit/auth/aws4_testsuite: a folder per case with
 * `.req`, `.creq`, `.sts`, `.authz`). The suite is not kept in this repository (see
 * test/fixtures/aws-sigv4/README.md); without it these tests are skipped, and
 * test/fixtures/aws-sigv4/cases.json covers the same cases.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsSignatureSteps } from '../../../lib/signing/aws-sigv4.ts';

const suiteFolder = process.env.AWS_SIGV4_TEST_SUITE;

/** Every folder under `root` holding a `<name>.req` of its own name. */
const caseFolders = (root: string): string[] =>
  readdirSync(root).flatMap((entry) => {
    const folder = join(root, entry);
    if (!statSync(folder).isDirectory()) return [];
    return [
      ...(readdirSync(folder).includes(`${entry}.req`) ? [folder] : []),
      ...caseFolders(folder),
    ];
  });

/**
 * A `.req` file as a recipient reads it: the request line, headers (a folded line joins the one
 * before it with a space; a repeated name joins its values with commas), a blank line, the body.
 */
const parseRequest = (text: string) => {
  const [head = '', body = ''] = text.split(/\r?\n\r?\n/, 2);
  const [requestLine = '', ...lines] = head.split(/\r?\n/).filter((line) => line !== '');
  const [, method = '', target = ''] = /^(\S+) (.*) HTTP\/1\.1$/.exec(requestLine) ?? [];
  const headers = new Map<string, string>();
  let last = '';
  for (const line of lines) {
    if (/^\s/.test(line)) {
      headers.set(last, `${headers.get(last)} ${line}`);
      continue;
    }
    const colon = line.indexOf(':');
    last = line.slice(0, colon);
    const value = line.slice(colon + 1);
    headers.set(last, headers.has(last) ? `${headers.get(last)},${value}` : value);
  }
  const queryAt = target.indexOf('?');
  return {
    method,
    path: queryAt < 0 ? target : target.slice(0, queryAt),
    search: queryAt < 0 ? '' : target.slice(queryAt),
    headers: [...headers],
    body,
  };
};

describe.skipIf(!suiteFolder)('the official AWS SigV4 test suite', () => {
  const folders = suiteFolder ? caseFolders(suiteFolder) : [];

  it.each(folders)(
    '%s: gives the suite’s canonical request, string to sign and authorization',
    (folder) => {
      // Prepare
      const name = folder.split('/').at(-1) ?? '';
      const read = (extension: string) =>
        readFileSync(join(folder, `${name}.${extension}`), 'utf8');
      const request = parseRequest(read('req'));
      const expected = {
        canonicalRequest: read('creq'),
        stringToSign: read('sts'),
        authorization: read('authz'),
      };
      const amzDate =
        request.headers.find(([header]) => header.toLowerCase() === 'x-amz-date')?.[1] ?? '';
      // A session token the .creq signs but the .req does not show (get-vanilla-with-session-token).
      const sessionToken = /^x-amz-security-token:(.*)$/m.exec(expected.canonicalRequest)?.[1];
      const shown = request.headers.some(
        ([header]) => header.toLowerCase() === 'x-amz-security-token',
      );
      if (sessionToken && !shown) request.headers.push(['X-Amz-Security-Token', sessionToken]);

      // Act
      const steps = awsSignatureSteps(request, {
        credentials: {
          accessKeyId: 'AKIDEXAMPLE',
          secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
        },
        region: 'us-east-1',
        service: 'service',
        amzDate,
      });

      // Assess
      expect(steps).toEqual(expected);
    },
  );
});
