/**
 * One measured process of `npm run bench` (spawned by bench/measure.ts, never run by hand).
 *
 * Plain JavaScript on purpose: a `.ts` entry point would make Node load its type stripper
 * into the very process whose start-up time and memory are measured.
 *
 * `node bench/child.mjs <spec.json>`; the spec names the mode, the bundle, the event and the
 * counts; the result is written as JSON to `spec.out`. Modes:
 *
 * - `load`: time `await import(bundle)` alone;
 * - `cold`: time import + first invocation (sign-in and BCS call);
 * - `warm`: after a warm-up, time `calls` sequential invocations (in turns, with
 *   `spec.turn`), then read peak memory;
 * - `concurrent`: `concurrency` simultaneous first invocations (the parent counts sign-ins);
 * - `sdk`: time importing `spec.modules` one after the other (the AWS SDK clients a bundle
 *   imports on first use; bare names resolve from this repository's node_modules).
 *
 * With `spec.waitForGo`, it says it is ready and waits for the parent's go (a message) before
 * anything else: meanwhile the parent moves it into a cgroup held to a small Lambda's CPU
 * share (bench/cpu-share.ts), so that Node's own start-up is not slowed but all that follows is.
 * With `spec.turn` (`warm` mode), it waits for a go before each turn of that many timed calls,
 * while the process it is paired with takes its turn.
 *
 * As in Lambda, `node:http` is loaded before the function (the runtime client uses it), each
 * invocation gets a freshly parsed event (middy's body parser replaces `event.body`) and its
 * own context. `spec.placeholder` in the event becomes an id of the invocation's own (process
 * id and count): the event functions run a request at most once, so each call is a new one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

await import('node:http');

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
/** Says it is ready and waits for the parent's go (bench/measure.ts). */
const go = () =>
  new Promise((resolve) => {
    process.once('message', resolve);
    process.send('ready');
  });
if (spec.waitForGo) await go();
const bundleUrl = pathToFileURL(spec.bundle).href;
const eventText = JSON.stringify(spec.event) ?? 'null';
const REMAINING_MS = 10_000; // serverless.yml's timeout

let invocations = 0;
/** A fresh event and Lambda context for one invocation (made before any timer starts). */
const invocation = () => {
  invocations += 1;
  const deadline = Date.now() + REMAINING_MS;
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'bcs-offboard-bench',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:bcs-offboard-bench',
    memoryLimitInMB: '128',
    awsRequestId: `c6af9ac6-7b61-11e6-9a41-${String(invocations).padStart(12, '0')}`,
    logGroupName: '/aws/lambda/bcs-offboard-bench',
    logStreamName: '2026/11/23/[$LATEST]abcdef0123456789',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  const event = spec.placeholder
    ? eventText.replaceAll(spec.placeholder, `${process.pid}-${invocations}`)
    : eventText;
  return [JSON.parse(event), context];
};

/** `actual` holds every field of `expected` (arrays: same length, each element matching). */
const matches = (expected, actual) => {
  if (typeof expected !== 'object' || expected === null) return Object.is(expected, actual);
  if (typeof actual !== 'object' || actual === null) return false;
  if (Array.isArray(expected) && expected.length !== actual.length) return false;
  return Object.keys(expected).every((key) => matches(expected[key], actual[key]));
};

/** The first answer that does not match `spec.expect`, kept to explain an invalid measurement. */
let unexpected;
let failures = 0;
const check = (response) => {
  // No `expect` (dropped from the JSON spec): the handler answers nothing, undefined or null.
  if (spec.expect === undefined ? response == null : matches(spec.expect, response)) return;
  failures += 1;
  unexpected ??= JSON.stringify(response)?.slice(0, 500);
};

/** `/proc/self/status` fields in KiB (Linux), or undefined elsewhere. */
const procStatus = () => {
  try {
    const text = readFileSync('/proc/self/status', 'utf8');
    const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(text)?.[1]);
    return { peak: kib('VmHWM'), anon: kib('RssAnon'), file: kib('RssFile') };
  } catch {
    return undefined;
  }
};

/**
 * Memory at the end of the warm loop. Peak RSS is `VmHWM`, the high-water mark of this process
 * image; not `process.resourceUsage().maxRSS`, which on Linux survives fork + exec
 * (getrusage(2)) and so reports the bench parent's peak (~90 MiB) when that is higher.
 * Anonymous RSS (heap, stacks, malloc) is read before the GC; the rest of RSS is file-backed
 * pages of the node binary, shared and reclaimable.
 */
const memory = () => {
  const status = procStatus();
  globalThis.gc?.(); // --expose-gc, as in Lambda: the heap after a full GC is the live heap
  const usage = process.memoryUsage();
  return {
    maxRssKb: status?.peak ?? process.resourceUsage().maxRSS,
    rssAnonKb: status?.anon,
    rssFileKb: status?.file,
    heapUsedBytes: usage.heapUsed,
    heapTotalBytes: usage.heapTotal,
    externalBytes: usage.external,
  };
};

const run = async () => {
  switch (spec.mode) {
    case 'load': {
      const start = performance.now();
      await import(bundleUrl);
      return { loadMs: performance.now() - start };
    }
    case 'sdk': {
      const start = performance.now();
      for (const name of spec.modules) await import(name);
      return { loadMs: performance.now() - start };
    }
    case 'cold': {
      const [event, context] = invocation();
      const cpu = process.cpuUsage();
      const start = performance.now();
      const { handler } = await import(bundleUrl);
      const loaded = performance.now();
      check(await handler(event, context));
      const end = performance.now();
      const { user, system } = process.cpuUsage(cpu);
      return {
        loadMs: loaded - start,
        firstInvocationMs: end - start,
        firstInvocationCpuMs: (user + system) / 1000,
      };
    }
    case 'warm': {
      const { handler } = await import(bundleUrl);
      for (let i = 0; i < spec.warmup; i++) {
        const [event, context] = invocation();
        check(await handler(event, context));
      }
      const samples = new Array(spec.calls);
      for (let i = 0; i < spec.calls; i++) {
        if (spec.turn !== undefined && i % spec.turn === 0) await go();
        const [event, context] = invocation();
        const start = performance.now();
        const response = await handler(event, context);
        samples[i] = performance.now() - start;
        check(response);
      }
      return { samples, ...memory() };
    }
    case 'concurrent': {
      const { handler } = await import(bundleUrl);
      const calls = Array.from({ length: spec.concurrency }, invocation);
      const start = performance.now();
      const responses = await Promise.all(calls.map(([event, context]) => handler(event, context)));
      const wallMs = performance.now() - start;
      for (const response of responses) check(response);
      return { wallMs };
    }
    default:
      throw new Error(`unknown mode ${spec.mode}`);
  }
};

const result = await run();
writeFileSync(spec.out, JSON.stringify({ ...result, invocations, failures, unexpected }));
// Keep-alive sockets would hold the process open for seconds; the measurement is done.
process.exit(0);
