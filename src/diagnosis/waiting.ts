import type { Waiting } from './diagnose-request';

/** A wait shorter than this is not worth a line: it is over before anyone reads it. */
export const WAIT_NOTICE_MS = 1000;

/** After the reported wait ends, how long before another one is reported. */
const HANDOVER_MS = 100;

interface ActiveWait {
  waiting: Omit<Waiting, 'waitedMs' | 'maxMs'>;
  /** False while the wait cannot hold the verdict back (a speculative probe): not reported then. */
  visible: () => boolean;
  startedAt: number;
  deadline: number;
  shown: boolean;
}

/**
 * The waits of one diagnosis (its forks included): a silent port, a slow greeting, a TLS
 * handshake that does not finish. A wait is reported once it has lasted WAIT_NOTICE_MS, and
 * only when no other reported wait is still running (several probes often wait at once; one
 * line says why the verdict is not there yet). When that one ends, the oldest other wait that
 * is past the notice time is reported.
 */
export class WaitBoard {
  readonly #active = new Set<ActiveWait>();
  #current: ActiveWait | undefined;

  constructor(private readonly report: ((waiting: Waiting) => void) | undefined) {}

  /** A notice from a step that times itself (the login after the credentials were sent). */
  notify(waiting: Waiting): void {
    this.report?.(waiting);
  }

  /** Starts a wait of at most `atMostMs`; the returned function ends it. */
  begin(waiting: ActiveWait['waiting'], atMostMs: number, visible: () => boolean = () => true): () => void {
    if (!this.report || atMostMs <= WAIT_NOTICE_MS) return () => {};
    const startedAt = performance.now();
    const wait: ActiveWait = { waiting, visible, startedAt, deadline: startedAt + atMostMs, shown: false };
    this.#active.add(wait);
    const timer = setTimeout(() => {
      wait.shown = true;
      this.#update();
    }, WAIT_NOTICE_MS);
    // A pending notice must never keep a process (or a test run) alive.
    timer.unref?.();
    return () => {
      clearTimeout(timer);
      this.#active.delete(wait);
      if (this.#current === wait) {
        this.#current = undefined;
        // What the answer just changed (probes stopped as no longer needed) happens first.
        setTimeout(() => this.#update(), HANDOVER_MS).unref?.();
      }
    };
  }

  /** Wraps a step: the wait lasts as long as `work`. */
  async during<T>(waiting: ActiveWait['waiting'], atMostMs: number, work: Promise<T>, visible?: () => boolean): Promise<T> {
    const end = this.begin(waiting, atMostMs, visible);
    try {
      return await work;
    } finally {
      end();
    }
  }

  /** A wait may have become visible (its probe now holds the verdict back). */
  refresh(): void {
    this.#update();
  }

  #update(): void {
    if (this.#current) return;
    const next = [...this.#active].find((w) => w.shown && w.visible());
    if (!next) return;
    this.#current = next;
    const now = performance.now();
    this.report?.({ ...next.waiting, waitedMs: Math.round(now - next.startedAt), maxMs: Math.max(0, Math.round(next.deadline - next.startedAt)) });
  }
}
