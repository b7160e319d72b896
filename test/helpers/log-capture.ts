import { format } from 'node:util';

/**
 * The functions log one JSON line per event to stdout. In tests those lines are kept here
 * instead of printed: `takeLogs()` hands over (and forgets) what was logged so far, so a test
 * can assert on it. Installed for every test file by vitest's `setupFiles`.
 *
 * Everything else a test file writes is recorded too, and still printed: every write to stdout
 * and stderr and every `console.*` call, for {@link allOutput} (a secrets sweep must see it all).
 */
const captured: string[] = [];
const everything: string[] = [];

const textOf = (chunk: string | Uint8Array): string =>
  typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();

const writeOut = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  const text = textOf(chunk);
  everything.push(text);
  if (text.startsWith('{"level":')) {
    captured.push(...text.split('\n').filter(Boolean));
    return true;
  }
  return (writeOut as (...args: unknown[]) => boolean)(chunk, ...rest);
}) as typeof process.stdout.write;

const writeErr = process.stderr.write.bind(process.stderr);
process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  everything.push(textOf(chunk));
  return (writeErr as (...args: unknown[]) => boolean)(chunk, ...rest);
}) as typeof process.stderr.write;

// vitest's console reports to the runner without going through process.stdout: wrap it too.
for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir'] as const) {
  const original = console[method].bind(console) as (...args: unknown[]) => void;
  console[method] = (...args: unknown[]) => {
    everything.push(`${format(...args)}\n`);
    original(...args);
  };
}

/** Every line logged since the last call, raw (to search for secrets) and parsed. */
export const takeLogs = () => {
  const raw = captured.splice(0, captured.length);
  return { raw, lines: raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
};

/**
 * Everything written since the test file started: stdout and stderr writes (the JSON lines
 * `takeLogs()` hands over included) and `console.*` calls. Never forgotten.
 */
export const allOutput = (): string => everything.join('');
