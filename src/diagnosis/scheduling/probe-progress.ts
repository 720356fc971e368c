import type { Greeting } from '../../probes/greeting';
import type { TlsObservation } from '../../probes/tls';
import type { Endpoint, EndpointObservation, ObserveHooks } from '../endpoint';
import { answerSuspectMs } from './timing';

/**
 * What is known so far about one probe (the user's own combination, or an alternative), layer
 * by layer, while it is still running. The scheduler reads it to decide which other probes
 * could still change the verdict, and when a probe has become suspiciously slow.
 */
export class ProbeProgress {
  readonly startedAt = performance.now();
  connectMs: number | undefined;
  connectedAt: number | undefined;
  tls: TlsObservation | undefined;
  greeting: Greeting | undefined;
  finished: EndpointObservation | undefined;
  readonly #listeners = new Set<() => void>();

  /** `connectSuspectMs`: how long a connect may take before the probe counts as stalled. */
  constructor(
    readonly endpoint: Endpoint,
    private readonly connectSuspectMs: number,
    /** The step deadline the probe runs with. */
    private readonly timeoutMs: number,
  ) {}

  /** The TCP connect failed: every mode on this port fails the same way. */
  get tcpFailed(): boolean {
    return !!this.finished && !this.finished.tcp.ok;
  }

  /** Hooks for observeEndpoint; `extra` runs before each update is announced. */
  hooks(extra: ObserveHooks = {}): ObserveHooks {
    return {
      ...extra,
      onConnected: (ms) => {
        this.connectMs = ms;
        this.connectedAt = performance.now();
        extra.onConnected?.(ms);
        this.#changed();
      },
      onHandshake: (tls) => {
        this.tls = tls;
        extra.onHandshake?.(tls);
        this.#changed();
      },
      onGreeting: (greeting) => {
        this.greeting = greeting;
        extra.onGreeting?.(greeting);
        this.#changed();
      },
    };
  }

  finish(observation: EndpointObservation): void {
    this.finished = observation;
    this.#changed();
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Milliseconds until the probe is slower than a healthy server would be at its current stage
   * (0: it already is), or undefined when it is past the stages that can stall silently.
   */
  msUntilSuspicious(now = performance.now()): number | undefined {
    if (this.finished) return undefined;
    if (this.connectedAt === undefined) return Math.max(0, this.connectSuspectMs - (now - this.startedAt));
    const firstAnswer = this.endpoint.security === 'tls' ? this.tls : this.greeting;
    if (firstAnswer) return undefined;
    return Math.max(0, answerSuspectMs(this.endpoint.security, this.connectMs ?? 0, this.timeoutMs) - (now - this.connectedAt));
  }

  get suspicious(): boolean {
    return this.msUntilSuspicious() === 0;
  }

  #changed(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
