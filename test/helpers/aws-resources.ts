import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createOutcomeInfrastructure } from './aws-queues.ts';
import { createIdempotencyTable } from './idempotency-table.ts';
import { MOTO_CREDENTIALS, type Moto, type MotoCredentials } from './moto.ts';

/** An empty zip archive: all moto needs of a function's code when it runs none. */
const EMPTY_ZIP = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);

/** A message as SQS hands it back, with its string attributes. */
export interface QueuedMessage {
  body: string;
  attributes: Record<string, string>;
  groupId: string | undefined;
}

/**
 * One of each AWS resource the functions call, made in moto with the AWS SDK: a secret, the
 * idempotency table, an outcome bus whose rule copies `bcs-offboard` events into a queue, a
 * standard and a FIFO dead-letter queue, and a worker function Lambda can invoke
 * asynchronously (moto is told to run functions without Docker). Everything is made, and read
 * back, as an IAM user allowed everything, so that `enforceSignatures()` can then make moto
 * check every signature (a wrong one is refused with 403).
 *
 * @example
 * ```ts
 * const aws = await createAwsResources(moto);
 * await aws.enforceSignatures();
 * // calls signed with aws.caller ...
 * await aws.messages(aws.fifoQueueUrl);
 * ```
 */
export const createAwsResources = async (moto: Moto) => {
  const region = 'us-east-1';
  const setup = { endpoint: moto.url, region, credentials: MOTO_CREDENTIALS };
  const iam = new IAMClient(setup);
  await iam.send(new CreateUserCommand({ UserName: 'aws-client-test' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'aws-client-test',
      PolicyName: 'everything',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      }),
    }),
  );
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'aws-client-test' }));
  const caller: MotoCredentials = {
    accessKeyId: AccessKey?.AccessKeyId ?? '',
    secretAccessKey: AccessKey?.SecretAccessKey ?? '',
  };
  const config = { endpoint: moto.url, region, credentials: caller };
  const sqs = new SQSClient(config);

  const secretString = JSON.stringify({ domain_name: 'd', user_name: 'u', password: 'p' });
  const { ARN: secretArn } = await new SecretsManagerClient(config).send(
    new CreateSecretCommand({ Name: 'huawei-credentials', SecretString: secretString }),
  );
  const table = await createIdempotencyTable(moto, { credentials: caller });
  const outcomes = await createOutcomeInfrastructure(moto, { credentials: caller });
  const { QueueUrl: fifoQueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: 'bcs-offboard-requests-dlq.fifo',
      Attributes: { FifoQueue: 'true' },
    }),
  );
  const worker = await createWorkerFunction(moto, config);

  return {
    region,
    /** The IAM user's access key: valid before and after `enforceSignatures()`. */
    caller,
    secretArn: secretArn as string,
    secretString,
    table,
    outcomes,
    busName: outcomes.busName,
    queueUrl: outcomes.deadLetterQueueUrl,
    fifoQueueUrl: fifoQueueUrl as string,
    workerName: worker.name,
    /** From now on, moto refuses a request whose signature is wrong (or unknown keys). */
    enforceSignatures: async () => {
      const answer = await fetch(`${moto.url}/moto-api/reset-auth`, { method: 'POST', body: '0' });
      if (!answer.ok)
        throw new Error(`moto did not switch its authentication on: ${answer.status}`);
    },
    /** Every message waiting in the queue (and takes them). */
    messages: async (queueUrl: string): Promise<QueuedMessage[]> => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['MessageGroupId'],
          VisibilityTimeout: 300,
        }),
      );
      return Messages.map((message) => ({
        body: message.Body ?? '',
        attributes: Object.fromEntries(
          Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
            name,
            value.StringValue ?? '',
          ]),
        ),
        groupId: message.Attributes?.MessageGroupId,
      }));
    },
  };
};

/** A function moto can invoke asynchronously without Docker. */
const createWorkerFunction = async (
  moto: Moto,
  config: { endpoint: string; region: string; credentials: MotoCredentials },
) => {
  const useDocker = await fetch(`${moto.url}/moto-api/config`, {
    method: 'POST',
    body: JSON.stringify({ lambda: { use_docker: false } }),
  });
  if (!useDocker.ok) throw new Error(`moto refused its configuration: ${useDocker.status}`);
  const { Role } = await new IAMClient(config).send(
    new CreateRoleCommand({
      RoleName: 'bcs-offboard-worker',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'lambda.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
    }),
  );
  const name = 'bcs-offboard-slack-worker';
  await new LambdaClient(config).send(
    new CreateFunctionCommand({
      FunctionName: name,
      Role: Role?.Arn,
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Code: { ZipFile: EMPTY_ZIP },
    }),
  );
  return { name };
};
