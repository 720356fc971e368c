/**
 * Shared bounds for the property-based tests: enough cases to find the odd input, few enough
 * that `npm test` stays quick. FUZZ_RUNS raises them for a longer local hunt.
 */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS) || 300;

/** Upper bound for one async case (reader deadlines are a few ms; this only catches a hang). */
export const CASE_DEADLINE_MS = 2000;

/** Rejects if `promise` does not settle within `ms`: "never hangs" as an assertion. */
export async function withinDeadline<T>(promise: Promise<T>, ms = CASE_DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Upper bound for one synchronous parse. Normal inputs take microseconds; backtracking that is
 * quadratic or worse takes minutes on the 256 KiB-1 MiB inputs these tests build (~10^10 steps
 * and up). The bound sits far from both, so a loaded 2-core machine (the suite's parallel
 * workers beside each other, developers beside much more: a 1 MiB reply took 4 s there) or a GC
 * pause does not fail it, a hang does. (A synchronous parser cannot be interrupted: a
 * real hang would stall the test, which mocha's timeout then reports.)
 */
export const PARSE_BUDGET_MS = 10_000;

/** Runs a synchronous parse and asserts it finished within `ms`: "never hangs" for code without awaits. */
export function quickly<T>(parse: () => T, ms = PARSE_BUDGET_MS): T {
  const started = performance.now();
  const result = parse();
  const took = performance.now() - started;
  if (took > ms) throw new Error(`took ${Math.round(took)} ms (budget ${ms} ms)`);
  return result;
}

/** No lone surrogate (String.prototype.isWellFormed, which Node 20 has but the TypeScript lib here does not type). */
export function wellFormed(text: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}
