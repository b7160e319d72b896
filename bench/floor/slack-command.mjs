/**
 * The floor of slack-command: the least a handler for Slack's slash command
 * `/bcs-offboard remove-orgs channel=<name> orgs=<org1,org2>` can do. It reads the signing
 * secret (from Secrets Manager when deployed), checks Slack's signature, hands the operation
 * to the worker with an asynchronous Lambda `Invoke` (bench/floor/aws.mjs) and acknowledges,
 * with no validation, no allow lists and no error mapping.
 * Not for deployment: it is what `npm run bench` compares slack-command with.
 */
import { awsCall, secretString } from './aws.mjs';

const { createHmac, timingSafeEqual } = process.getBuiltinModule('node:crypto');

const signingSecret = (env) =>
  env.SLACK_SIGNING_SECRET_ARN
    ? secretString(env.SLACK_SIGNING_SECRET_ARN)
    : Promise.resolve(env.SLACK_SIGNING_SECRET);

const signedBySlack = (secret, { headers, body }) => {
  const timestamp = headers['x-slack-request-timestamp'];
  const expected = Buffer.from(
    `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`,
  );
  const given = Buffer.from(headers['x-slack-signature'] ?? '');
  return (
    Math.abs(Date.now() / 1000 - Number(timestamp)) <= 300 &&
    given.length === expected.length &&
    timingSafeEqual(given, expected)
  );
};

export const handler = async (event, context) => {
  const env = process.env;
  const body = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString() : event.body;
  if (!signedBySlack(await signingSecret(env), { headers: event.headers, body })) {
    return { statusCode: 401, body: '' };
  }
  const form = new URLSearchParams(body);
  // "remove-orgs channel=ch orgs=org1,org2"
  const args = Object.fromEntries(
    form
      .get('text')
      .split(/\s+/)
      .slice(1)
      .map((pair) => pair.split('=')),
  );
  const payload = {
    operation: 'remove-channel-orgs',
    input: {
      path: {
        project_id: env.HUAWEICLOUD_PROJECT_ID,
        blockchain_id: env.BCS_INSTANCE_ID,
        channel_id: args.channel,
      },
      body: { org_names: args.orgs.split(',') },
    },
    response_url: form.get('response_url'),
    user_id: form.get('user_id'),
    team_id: form.get('team_id'),
    correlation_id: context.awsRequestId,
  };
  const worker = encodeURIComponent(env.SLACK_WORKER_FUNCTION_NAME);
  await awsCall('lambda', {
    path: `/2015-03-31/functions/${worker}/invocations`,
    contentType: 'application/json',
    headers: { 'x-amz-invocation-type': 'Event' },
    body: JSON.stringify(payload),
  });
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      response_type: 'ephemeral',
      text: `Working on it (${payload.correlation_id})`,
    }),
  };
};
