/**
 * Helpers for the offline checks of `serverless.yml`: run `osls package`, read what it wrote
 * (the CloudFormation template, the zips) and run `cfn-lint`. Nothing here needs AWS
 * credentials or a network: `osls package` makes no network call (checked under `unshare -n`).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const root = new URL('../..', import.meta.url).pathname;

const oslsBin = join(root, 'node_modules', 'osls', 'bin', 'serverless.js');

/** Shaped like a secret's ARN (with Secrets Manager's 6-character suffix); no secret exists. */
export const dummySecretArn =
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bcs-offboard/huawei-credentials-AbCdEf';

export interface ProcessResult {
  code: number;
  stdout: string;
  /** stdout and stderr together. */
  output: string;
}

const run = (
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string = root,
): Promise<ProcessResult> =>
  new Promise((resolve, reject) => {
    execFile(file, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code === 'string') {
        reject(error);
        return;
      }
      resolve({
        code: error ? Number(error.code ?? 1) : 0,
        stdout,
        output: `${stdout}${stderr}`,
      });
    });
  });

/** The caller's environment without anything that could give osls AWS access. */
const offlineEnv = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE)$/.test(name)) {
      env[name] = value;
    }
  }
  return {
    ...env,
    // Point the SDK's credential files at nothing, so no local profile is ever read.
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_CONFIG_FILE: '/dev/null',
    // Serverless Framework v3's switches for telemetry and update notices. osls 4.3.1 made no
    // network call even without them (strace: no connect() at all); kept as a safety net.
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    ...extra,
  };
};

let oslsQueue: Promise<unknown> = Promise.resolve();

/**
 * `osls package --package <outDir> --param k=v ...` in `serviceDir` (default: the project
 * root), with no AWS credentials. `env` adds to the child's environment.
 *
 * Even with `--package`, osls first writes into `<project>/.serverless/`, then moves that
 * folder's content to `outDir`: two runs at once in one folder take each other's files. So the
 * runs are queued, one at a time.
 */
export const oslsPackage = (
  outDir: string,
  params: Record<string, string>,
  env: NodeJS.ProcessEnv = {},
  serviceDir: string = root,
): Promise<ProcessResult> => {
  const result = oslsQueue.then(() =>
    run(
      process.execPath,
      [
        oslsBin,
        'package',
        '--package',
        outDir,
        ...Object.entries(params).flatMap(([name, value]) => ['--param', `${name}=${value}`]),
      ],
      offlineEnv(env),
      serviceDir,
    ),
  );
  oslsQueue = result.catch(() => undefined);
  return result;
};

export interface CfnResource {
  Type: string;
  Condition?: string;
  DependsOn?: string | string[];
  Properties: Record<string, unknown>;
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Parameters?: Record<string, { Type: string; Default?: string }>;
  Conditions?: Record<string, unknown>;
  Outputs?: Record<string, { Value: unknown }>;
}

export const readTemplate = async (outDir: string): Promise<CfnTemplate> =>
  JSON.parse(
    await readFile(join(outDir, 'cloudformation-template-update-stack.json'), 'utf8'),
  ) as CfnTemplate;

/** The resources of one type, by logical id. */
export const resourcesOfType = (template: CfnTemplate, type: string): [string, CfnResource][] =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);

export interface ZipEntry {
  name: string;
  crc32: number;
}

/**
 * The entries of a zip file, read from its central directory (no `unzip` needed).
 * Enough for the zips osls writes: no zip64, no multi-disk.
 */
export const listZipEntries = (zip: Buffer): ZipEntry[] => {
  const endOfCentralDirectory = 0x06054b50;
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== endOfCentralDirectory) end -= 1;
  if (end < 0) throw new Error('not a zip file: no end of central directory record');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error('corrupt central directory');
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    entries.push({
      name: zip.toString('utf8', offset + 46, offset + 46 + nameLength),
      crc32: zip.readUInt32LE(offset + 16),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
};

export interface CfnLintFinding {
  Level: 'Error' | 'Warning' | 'Informational';
  Message: string;
  Rule: { Id: string };
  /** `null` for findings about the whole file. */
  Location: { Path: (string | number)[] | null };
}

const cfnLintMissing = [
  'cfn-lint is not on PATH: the offline validation of serverless.yml needs it.',
  'Install it with `pipx install cfn-lint` (or `pip install cfn-lint`), then run the tests again.',
].join(' ');

/** `cfn-lint --format json` on `templates`; fails with install instructions when missing. */
export const cfnLint = async (templates: string[], region: string): Promise<CfnLintFinding[]> => {
  let result: ProcessResult;
  try {
    result = await run(
      'cfn-lint',
      ['--format', 'json', '--regions', region, '--', ...templates],
      process.env,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(cfnLintMissing);
    throw error;
  }
  // Exit codes are a bit mask of the levels found (2 error, 4 warning, 8 informational);
  // 1 means cfn-lint itself failed.
  if (result.code === 1 || result.code > 14) {
    throw new Error(`cfn-lint failed (exit code ${result.code}):\n${result.output}`);
  }
  return JSON.parse(result.stdout) as CfnLintFinding[];
};

const NO_VALUE = Symbol('AWS::NoValue');

/**
 * What CloudFormation would make of `value` when the stack takes every parameter's default
 * (as `osls deploy` does): `Ref` to a parameter (a `CommaDelimitedList` gives a list),
 * `Fn::If`, `Fn::Equals`, `Fn::Not`, `Fn::Join` of strings and `AWS::NoValue` are resolved;
 * anything else (`Fn::GetAtt`, `Ref` to a resource) is kept.
 */
export const evaluate = (template: CfnTemplate, value: unknown): unknown => {
  const result = evaluateOrNoValue(template, value);
  return result === NO_VALUE ? undefined : result;
};

const evaluateOrNoValue = (template: CfnTemplate, value: unknown): unknown => {
  if (Array.isArray(value)) {
    return value.map((item) => evaluateOrNoValue(template, item)).filter((v) => v !== NO_VALUE);
  }
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const [only] = entries;
  if (entries.length === 1 && only) {
    const [key, argument] = only;
    if (key === 'Ref') {
      if (argument === 'AWS::NoValue') return NO_VALUE;
      const parameter = template.Parameters?.[argument as string];
      if (parameter?.Type === 'CommaDelimitedList') {
        return (parameter.Default ?? '').split(',').map((item) => item.trim());
      }
      return parameter ? parameter.Default : value;
    }
    if (key === 'Fn::Join') {
      const [separator, items] = argument as [string, unknown];
      const list = evaluateOrNoValue(template, items);
      const joinable = Array.isArray(list) && list.every((item) => typeof item === 'string');
      return joinable ? list.join(separator) : value;
    }
    if (key === 'Fn::If') {
      const [condition, whenTrue, whenFalse] = argument as [string, unknown, unknown];
      return evaluateOrNoValue(
        template,
        conditionHolds(template, condition) ? whenTrue : whenFalse,
      );
    }
    if (key === 'Fn::Equals') {
      const [left, right] = argument as [unknown, unknown];
      return evaluateOrNoValue(template, left) === evaluateOrNoValue(template, right);
    }
    if (key === 'Fn::Not') {
      const [operand] = argument as [unknown];
      return evaluateOrNoValue(template, operand) !== true;
    }
  }
  return Object.fromEntries(
    entries
      .map(([key, item]) => [key, evaluateOrNoValue(template, item)] as const)
      .filter(([, item]) => item !== NO_VALUE),
  );
};

/** Whether the named condition holds with every parameter at its default. */
export const conditionHolds = (template: CfnTemplate, name: string): boolean => {
  const condition = template.Conditions?.[name];
  if (condition === undefined) throw new Error(`no condition named ${name}`);
  return evaluateOrNoValue(template, condition) === true;
};

/** The resources CloudFormation would create: those whose condition (if any) holds. */
export const createdResources = (template: CfnTemplate): [string, CfnResource][] =>
  Object.entries(template.Resources).filter(
    ([, resource]) =>
      resource.Condition === undefined || conditionHolds(template, resource.Condition),
  );
