/**
 * The functions log one JSON line per event to stdout. In tests those lines are kept here
 * instead of printed: `takeLogs()` hands over (and forgets) what was logged so far, so a test
 * can assert on it. Installed for every test file by vitest's `setupFiles`.
 */
const captured: string[] = [];
const write = process.stdout.write.bind(process.stdout);

process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
  if (text.startsWith('{"level":')) {
    captured.push(...text.split('\n').filter(Boolean));
    return true;
  }
  return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
}) as typeof process.stdout.write;

/** Every line logged since the last call, raw (to search for secrets) and parsed. */
export const takeLogs = () => {
  const raw = captured.splice(0, captured.length);
  return { raw, lines: raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
};
