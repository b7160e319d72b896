import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { basename, delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { closedPort } from './closed-port.ts';

/** A running `moto_server` (the AWS API emulator) on 127.0.0.1. */
export interface Moto {
  /** `http://127.0.0.1:<port>`: use it as `AWS_ENDPOINT_URL` or a client's `endpoint`. */
  readonly url: string;
  readonly port: number;
  /** Forgets every resource created so far (secrets included). */
  reset(): Promise<void>;
  /** Stops the server process. */
  stop(): Promise<void>;
}

export const MOTO_MISSING_MESSAGE =
  "moto_server is not on PATH: these tests need the AWS API emulator. Install it with `pip install 'moto[server]'` (Python 3), make sure `moto_server` is on PATH, and run the tests again.";

/** An access key of the emulator's IAM. */
export interface MotoCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The fake credentials any client of the emulator may use until signatures are checked. */
export const MOTO_CREDENTIALS: MotoCredentials = {
  accessKeyId: 'testing',
  secretAccessKey: 'testing',
};

/** The fake credentials and region every client of the emulator may use. */
export const MOTO_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
} as const;

/** moto_server with IAM checks on the resources serverless.yml names (see that file). */
const resourceCheckingLauncher = new URL('moto-iam-server.py', import.meta.url).pathname;

/**
 * Starts `moto_server` on a free port of 127.0.0.1 and waits until it answers. Fails loudly,
 * with the command that installs it, when `moto_server` is not on PATH (never skips).
 *
 * With `iamResourceChecks`, moto runs through `moto-iam-server.py`, in the Python that runs
 * `moto_server`: once its IAM authentication is on, it judges a policy's `Resource` for every
 * call the functions make, as AWS does (plain moto judges most of them on `*`).
 *
 * @example
 * ```ts
 * const moto = await startMoto();
 * vi.stubEnv('AWS_ENDPOINT_URL', moto.url);
 * // ...
 * await moto.stop();
 * ```
 */
export const startMoto = async ({
  readyTimeoutMs = 30_000,
  iamResourceChecks = false,
} = {}): Promise<Moto> => {
  const port = await closedPort();
  const url = `http://127.0.0.1:${port}`;
  const launcher = iamResourceChecks
    ? [...(await pythonOfMotoServer()), resourceCheckingLauncher]
    : ['moto_server'];
  const [command = 'moto_server', ...args] = [...launcher, '-H', '127.0.0.1', '-p', String(port)];
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }));
    child.once('exit', (code) => resolve({ code }));
  });

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    const early = await Promise.race([exited, sleep(100).then(() => undefined)]);
    if (early !== undefined) {
      if ((early.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
        throw new Error(MOTO_MISSING_MESSAGE);
      }
      throw new Error(
        `moto_server exited (code ${early.code}) before answering. ${MOTO_MISSING_MESSAGE}\n${stderr}`,
      );
    }
    if (await answers(url)) break;
    if (Date.now() > deadline) {
      await stopProcess(child, exited);
      throw new Error(
        `moto_server did not answer on ${url} within ${readyTimeoutMs} ms\n${stderr}`,
      );
    }
  }

  return {
    url,
    port,
    reset: async () => {
      await fetch(`${url}/moto-api/reset`, { method: 'POST' });
    },
    stop: () => stopProcess(child, exited),
  };
};

/**
 * The interpreter `moto_server` runs on, from its `#!` line (pip and pipx write the full
 * path of their Python there); `python3` when that line names no Python (a pyenv shim, which
 * runs the same `python3`). Throws the install message when `moto_server` is not on PATH.
 */
const pythonOfMotoServer = async (): Promise<string[]> => {
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    const file = join(directory, 'moto_server');
    try {
      await access(file, constants.X_OK);
    } catch {
      continue;
    }
    const [firstLine = ''] = (await readFile(file, 'utf8')).split('\n', 1);
    const interpreter = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(firstLine);
    const [, program = '', argument] = interpreter ?? [];
    if (basename(program).startsWith('python')) return [program];
    if (basename(program) === 'env' && argument?.startsWith('python')) return [argument];
    return ['python3'];
  }
  throw new Error(MOTO_MISSING_MESSAGE);
};

const answers = async (url: string): Promise<boolean> => {
  try {
    const response = await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.status < 500;
  } catch {
    return false;
  }
};

const stopProcess = async (
  child: ChildProcess,
  exited: Promise<{ code: number | null }>,
): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const stopped = await Promise.race([exited, sleep(5000).then(() => undefined)]);
  if (stopped === undefined) {
    child.kill('SIGKILL');
    await exited;
  }
};
