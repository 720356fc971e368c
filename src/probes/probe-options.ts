/** What every probe takes: its own deadline and a way to be cancelled. */
export interface ProbeOptions {
  /** Deadline for this one network step, in milliseconds. */
  timeoutMs: number;
  /** Cancels the step; sockets opened by it are destroyed. */
  signal?: AbortSignal;
}

/** Milliseconds since `startedAt` (from `performance.now()`), rounded for reports. */
export function msSince(startedAt: number): number {
  return Math.round(performance.now() - startedAt);
}

/** Runs `cleanup` once when the signal aborts; returns a function that detaches it. */
export function onAbort(signal: AbortSignal | undefined, cleanup: () => void): () => void {
  if (!signal) return () => {};
  if (signal.aborted) {
    cleanup();
    return () => {};
  }
  signal.addEventListener('abort', cleanup, { once: true });
  return () => signal.removeEventListener('abort', cleanup);
}
