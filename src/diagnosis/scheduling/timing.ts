/**
 * When the scheduler stops trusting that a probe will answer and moves on. The values follow
 * Happy Eyeballs (RFC 8305 §5, connection attempt delay: 250 ms recommended, 100 ms minimum):
 * late enough that a healthy server (loopback, the same region) has answered and nothing else
 * is opened, early enough that a dead port costs one connect timeout in all, not one per
 * combination tried.
 */

/** The user's TCP connect has not completed after this long: maybe filtered; look elsewhere. */
export const CONNECT_SUSPECT_MS = 150;

/**
 * After TCP is up, no plaintext greeting after this long (or a few round trips on a far
 * server, whichever is later): maybe the port waits for a TLS ClientHello instead.
 */
export const GREETING_SUSPECT_MS = 250;

/**
 * After TCP is up, the TLS handshake has not completed after this long. A plaintext server
 * answers a ClientHello with its banner at once (the handshake fails fast), and a handshake
 * includes the client's certificate checks, so this waits longer than for a greeting.
 */
export const HANDSHAKE_SUSPECT_MS = 1000;

const SUSPECT_RTTS = 4;

/**
 * Alternatives start in order; the next one starts when the previous ended undecided, or when
 * every one still running is stalled (not connected after STAGGER_MS, or connected and silent
 * past its suspect time). A port that connects is given the time to answer: the likely fix goes
 * first and usually ends the search alone.
 */
export const STAGGER_MS = 50;

/**
 * How long a connected probe may wait for its first answer before it counts as stalled: the
 * value above for its mode (or a few round trips on a far server), but never more than a
 * quarter of the step deadline, so a probe started then still ends near the deadline.
 */
export function answerSuspectMs(security: 'tls' | 'starttls' | 'none', connectMs: number, timeoutMs: number): number {
  const base = Math.max(security === 'tls' ? HANDSHAKE_SUSPECT_MS : GREETING_SUSPECT_MS, SUSPECT_RTTS * connectMs);
  return Math.min(base, Math.max(1, Math.floor(timeoutMs / 4)));
}

/** Timer lateness above this means the process did not run (a busy loop or CPU): not the server's time. */
const LAG_TOLERANCE_MS = 20;
/** At most this many extensions for lateness: a decision is never put off for good. */
const MAX_EXTENSIONS = 3;

/**
 * A timer for a decision that depends on I/O: it fires, then lets pending I/O callbacks run
 * (setImmediate comes after the poll phase) before `then`. A busy event loop otherwise fires an
 * overdue timer before the connect or greeting that arrived meanwhile is seen. When the timer
 * fires late (the process was not running), the time it lost is given again: a server is only
 * suspicious for time this process was there to hear its answer. Returns the cancel function
 * (it also holds back a `then` already queued).
 */
export function afterIo(ms: number, then: () => void): () => void {
  let cancelled = false;
  let timer: NodeJS.Timeout;
  const arm = (wait: number, extensions: number): void => {
    const due = performance.now() + wait;
    timer = setTimeout(() => {
      const lag = performance.now() - due;
      if (lag > LAG_TOLERANCE_MS && extensions < MAX_EXTENSIONS) return arm(lag, extensions + 1);
      setImmediate(() => cancelled || then());
    }, wait);
    timer.unref?.();
  };
  arm(ms, 0);
  return () => {
    cancelled = true;
    clearTimeout(timer);
  };
}
