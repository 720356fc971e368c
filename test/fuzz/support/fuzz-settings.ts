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
