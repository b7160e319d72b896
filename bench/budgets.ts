/**
 * The budgets of product.md ("Budgets"), as the benchmark checks them. Sizes are in bytes
 * (1 KiB = 1,024 B), times in milliseconds, memory in KiB as `process.resourceUsage().maxRSS`
 * reports it.
 */
export const BUDGETS = {
  /**
   * Minified bundle per function: "at most 30 KB", read strictly as 30,000 bytes (the smaller
   * of the two readings; 30 × 1,024 was used until every bundle fitted the smaller).
   */
  bundleBytes: 30_000,
  /** Module load time, median of separate processes: at most 5 ms... */
  loadMs: 5,
  /** ...and at most 4 times the floor's. */
  loadRatio: 4,
  /** Cold first invocation (load + sign-in + call): at most 1.5 times the floor's. */
  coldRatio: 1.5,
  /**
   * The deployed shape's first invocation (secrets from Secrets Manager, the idempotency table,
   * the outcome bus, Lambda Invoke), the process held to the CPU share of `lambdaMemoryMb`: at
   * most 1.5 times a floor making the same calls over `fetch` (median of per-pair ratios).
   */
  deployedColdRatio: 1.5,
  /** slack-command's first answer, deployed shape at that share, from the start of the import. */
  slackFirstAnswerMs: 1000,
  /** The memory the functions are deployed with (serverless.yml), whose CPU share that is. */
  lambdaMemoryMb: 128,
  /** Warm invocation, median, added over the floor's. */
  warmOverheadMs: 0.3,
  /** IAM sign-ins for `concurrency` simultaneous cold invocations of one project. */
  signIns: 1,
  concurrency: 50,
  /**
   * "Fits the smallest Lambda (128 MB) with room to spare", made numbers, for a process run
   * with the V8 flags Lambda gives a 128 MB function. Anonymous RSS at the end of the warm loop
   * (heap, stacks, malloc: what cannot be paged out) at most three quarters of 128 MiB; the
   * rest of RSS is file-backed pages of the node binary, shared and reclaimable. And what the
   * function adds to Node's own footprint, peak RSS over the floor's, at most 16 MiB.
   */
  anonRssKb: 96 * 1024,
  addedRssKb: 16 * 1024,
} as const;

/** How many measurements a verdict needs (the minimums, with some margin). */
export const RUNS = {
  /** Separate processes timing `import()` of each bundle (at least 11). */
  load: 31,
  /** Separate processes timing the first invocation (at least 11). */
  cold: 21,
  /**
   * Warm pairs per function: a process of the function and one of its floor started together,
   * each timing `warmCalls` sequential invocations (at least 1,000 in all) after `warmup`, in
   * turns of `warmTurn` calls, one process after the other.
   */
  warm: 11,
  warmCalls: 200,
  warmup: 200,
  warmTurn: 50,
  /** Processes per target each firing `BUDGETS.concurrency` cold invocations at once. */
  concurrent: 3,
  /**
   * Deployed-shape pairs per function at the CPU share (at least 11 for a median of ratios;
   * each pair takes up to 4 s while the functions load the AWS SDK).
   */
  deployed: 11,
} as const;

/** `npm run bench -- --quick`: a development run, too small for a verdict on timings. */
export const QUICK_RUNS: { [K in keyof typeof RUNS]: number } = {
  load: 5,
  cold: 5,
  warm: 3,
  warmCalls: 200,
  warmup: 50,
  warmTurn: 50,
  concurrent: 1,
  deployed: 3,
};
