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

/**
 * The cleanups waiting on each signal. One signal is shared by many steps at once (every guess
 * of a discovery source, every socket of a diagnosis, a fork per speculative probe): an 'abort'
 * listener each crosses Node's limit of 10 per signal, and Node prints
 * "MaxListenersExceededWarning: Possible EventTarget memory leak" into the user's chat. So a
 * signal carries at most one listener, registered with the first cleanup and removed with the
 * last. Written by hand because the platform's way to derive signals, AbortSignal.any, keeps
 * every derived signal of a long-lived parent on Node 20 (nodejs/node#55351: 500,000 derived
 * signals, all 500,000 still held by the parent after a forced gc on 20.20).
 */
const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/** Runs `cleanup` once when the signal aborts; returns a function that detaches it. */
export function onAbort(signal: AbortSignal | undefined, cleanup: () => void): () => void {
  if (!signal) return () => {};
  if (signal.aborted) {
    cleanup();
    return () => {};
  }
  const cleanups = waiting.get(signal) ?? listenOnce(signal);
  // A wrapper of its own, so the same function registered twice is run (and detached) twice.
  const entry = (): void => cleanup();
  cleanups.add(entry);
  return () => {
    if (!cleanups.delete(entry) || cleanups.size > 0 || waiting.get(signal) !== cleanups) return;
    waiting.delete(signal);
    signal.removeEventListener('abort', runAll);
  };
}

function listenOnce(signal: AbortSignal): Set<() => void> {
  const cleanups = new Set<() => void>();
  waiting.set(signal, cleanups);
  signal.addEventListener('abort', runAll, { once: true });
  return cleanups;
}

/** The one listener: every cleanup runs even when one throws (as separate listeners would). */
function runAll(event: Event): void {
  const signal = event.target as AbortSignal;
  const cleanups = waiting.get(signal);
  waiting.delete(signal);
  for (const cleanup of cleanups ?? []) {
    try {
      cleanup();
    } catch (error) {
      process.nextTick(() => {
        throw error;
      });
    }
  }
}
