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
import { pathAsSent } from '../../helpers/canonical-parts.ts';

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
 * Headers by lower-case name; the path as a URL would send it (see `pathAsSent`).
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
    path: pathAsSent(queryAt < 0 ? target : target.slice(0, queryAt)),
    search: queryAt < 0 ? '' : target.slice(queryAt),
    headers: new Map([...headers].map(([name, value]) => [name.toLowerCase(), value])),
    body,
  };
};

/** `20150830T123600Z` as a Date. */
const dateOf = (amzDate: string): Date =>
  new Date(amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));

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
      // The signer adds host, x-amz-date and the session token (when the .creq signs one, shown
      // in the .req or not: get-vanilla-with-session-token) itself.
      const { path, search, headers, method, body } = request;
      const sessionToken = /^x-amz-security-token:(.*)$/m.exec(expected.canonicalRequest)?.[1];
      const url = { host: headers.get('host'), pathname: path, search };
      const now = dateOf(headers.get('x-amz-date') ?? '');
      for (const added of ['host', 'x-amz-date', 'x-amz-security-token']) headers.delete(added);

      // Act
      const [canonicalRequest, stringToSign, { authorization }] = awsSignatureSteps(
        { method, url, headers: Object.fromEntries(headers), body },
        {
          credentials: {
            accessKeyId: 'AKIDEXAMPLE',
            secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
            sessionToken,
          },
          region: 'us-east-1',
          service: 'service',
          now,
        },
      );

      // Assess
      expect({ canonicalRequest, stringToSign, authorization }).toEqual(expected);
    },
  );
});
