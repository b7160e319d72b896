/**
 * The floors' AWS calls, as a hand-written handler would make them: one signed JSON `POST`
 * over `fetch`, signed by a bare Signature Version 4 signer (node:crypto, no library), no
 * retry. The endpoint is read as the functions read it: `AWS_ENDPOINT_URL_<SERVICE>`, then
 * `AWS_ENDPOINT_URL`, then AWS's own; SQS's is the queue URL's, as the SDK sends it.
 */
const { createHash, createHmac } = process.getBuiltinModule('node:crypto');

const hmac = (key, text) => createHmac('sha256', key).update(text).digest();
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/**
 * The `authorization` header of a request whose `headers` (lower-case names) are all signed.
 * Non-S3 canonical URI: the path as sent, each segment encoded once more.
 */
export const authorization = (
  { method, url, headers, body },
  { accessKeyId, secretAccessKey, region, service },
) => {
  const amzDate = headers['x-amz-date'];
  const scope = `${amzDate.slice(0, 8)}/${region}/${service}/aws4_request`;
  const names = Object.keys(headers).sort();
  const canonicalRequest = [
    method,
    url.pathname.split('/').map(encodeURIComponent).join('/'),
    url.search.slice(1),
    ...names.map((name) => `${name}:${headers[name].trim()}`),
    '',
    names.join(';'),
    sha256(body),
  ].join('\n');
  const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256(canonicalRequest)}`;
  const key = ['aws4_request', service, region, amzDate.slice(0, 8)].reduceRight(
    (derived, part) => hmac(derived, part),
    `AWS4${secretAccessKey}`,
  );
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  return `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
};

/** `AWS_ENDPOINT_URL_<name>` and the host prefix of each service, by its signing name. */
const SERVICES = {
  dynamodb: ['DYNAMODB', 'dynamodb'],
  events: ['EVENTBRIDGE', 'events'],
  secretsmanager: ['SECRETS_MANAGER', 'secretsmanager'],
  lambda: ['LAMBDA', 'lambda'],
  sqs: ['SQS', 'sqs'],
};

/**
 * One call: `target` is the `X-Amz-Target` (JSON protocols) or `undefined` (Lambda's REST
 * path); `endpoint`, when given, is where it goes (SQS: the queue URL, whose origin counts).
 * Answers the parsed JSON body (`{}` when empty); throws an error named after AWS's.
 */
export const awsCall = async (
  service,
  { target, endpoint: given, path = '/', contentType, headers = {}, body },
) => {
  const env = process.env;
  const [variable, prefix] = SERVICES[service];
  const endpoint =
    given ??
    env[`AWS_ENDPOINT_URL_${variable}`] ??
    env.AWS_ENDPOINT_URL ??
    `https://${prefix}.${env.AWS_REGION}.amazonaws.com`;
  const url = new URL(path, endpoint);
  const signed = {
    'content-type': contentType,
    'x-amz-date': new Date().toISOString().replace(/[-:]|\.\d+/g, ''),
    ...(env.AWS_SESSION_TOKEN && { 'x-amz-security-token': env.AWS_SESSION_TOKEN }),
    ...(target && { 'x-amz-target': target }),
    ...headers,
  };
  const credentials = {
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    region: env.AWS_REGION,
    service,
  };
  const request = { method: 'POST', url, headers: { ...signed, host: url.host }, body };
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...signed, authorization: authorization(request, credentials) },
    body,
  });
  const text = await response.text();
  const answer = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const error = new Error(answer.message ?? answer.Message ?? `HTTP ${response.status}`);
    error.name = String(answer.__type ?? 'UnknownError')
      .split('#')
      .pop();
    throw error;
  }
  return answer;
};

const secrets = new Map();

/** A secret's text, read once per container, as the functions read theirs. */
export const secretString = (secretId) => {
  if (!secrets.has(secretId)) {
    const json = 'application/x-amz-json-1.1';
    const read = awsCall('secretsmanager', {
      target: 'secretsmanager.GetSecretValue',
      contentType: json,
      body: JSON.stringify({ SecretId: secretId }),
    });
    secrets.set(
      secretId,
      read.then((answer) => answer.SecretString),
    );
  }
  return secrets.get(secretId);
};
