import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closedPort } from './closed-port.ts';

export interface MotoServer {
  url: string;
  /** The environment that points the AWS SDK at this server, with fake credentials. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  "moto_server (the AWS API emulator these tests run against) is not on PATH. Install it with `pip install 'moto[server]'` (or `pipx install 'moto[server]'`), then run the tests again.";

/**
 * Starts `moto_server` on a free loopback port and waits until it answers. Fails loudly, with
 * how to install it, when it is missing: a test that needs AWS services never skips silently.
 */
export const startMotoServer = async (): Promise<MotoServer> => {
  if (spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).error) {
    throw new Error(INSTALL_HINT);
  }
  const port = await closedPort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited: ${stderr}`);
    try {
      await fetch(`${url}/moto-api/`);
      break;
    } catch {
      if (Date.now() - started > 30_000) {
        child.kill();
        throw new Error(`moto_server did not answer within 30 s: ${stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    env: {
      AWS_ENDPOINT_URL: url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
};
