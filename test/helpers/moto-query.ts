/** moto answered a setup call with an error. */
export class MotoSetupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MotoSetupError';
  }
}

/**
 * One IAM or STS call (AWS query protocol) to moto while its IAM authentication is still off,
 * answered as XML. Nothing is signed: until authentication is on, moto reads the
 * `Authorization` header's credential scope only to route the call to `service`. (This
 * project has no IAM or STS client among its dependencies, and needs none after setup.)
 *
 * @example
 * ```ts
 * const xml = await queryBeforeAuth(moto.url, 'iam', 'CreateUser', { UserName: 'admin' });
 * ```
 */
export const queryBeforeAuth = async (
  url: string,
  service: 'iam' | 'sts',
  action: string,
  params: Record<string, string>,
): Promise<string> => {
  const version = service === 'iam' ? '2010-05-08' : '2011-06-15';
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams({ Action: action, Version: version, ...params }).toString(),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new MotoSetupError(`moto refused ${service}:${action} (${response.status}): ${text}`);
  }
  return text;
};

/**
 * The text of the first `<tag>` of an XML answer (unescaped); throws when there is none.
 *
 * @example
 * ```ts
 * xmlValue('<Role><Arn>arn:aws:iam::123456789012:role/r</Arn></Role>', 'Arn'); // 'arn:aws:iam::...'
 * ```
 */
export const xmlValue = (xml: string, tag: string): string => {
  const found = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
  if (found === undefined) throw new MotoSetupError(`no <${tag}> in moto's answer: ${xml}`);
  return found
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');
};
