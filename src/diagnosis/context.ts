import { setMaxListeners } from 'node:events';
import type { DnsOptions } from '../probes/dns';
import { TargetPolicy } from '../policy/target-policy';
import type { Check } from './report';
import { DEFAULT_TIMEOUT_MS, type DiagnoseOptions } from './diagnose-request';

/** What every step of one diagnosis shares: deadlines, resolvers, policy, trust, progress. */
export class DiagnosisContext {
  readonly timeoutMs: number;
  readonly dns: DnsOptions;
  readonly policy: TargetPolicy;
  readonly ca: string[] | undefined;
  readonly dnsblZones: string[];
  readonly extraAlternatives: DiagnoseOptions['alternatives'];
  readonly discoveredHosts: readonly string[];
  readonly checks: Check[] = [];
  private readonly controller = new AbortController();

  constructor(private readonly options: DiagnoseOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.policy = new TargetPolicy({ allowNets: options.allowNets, allowPorts: options.allowPorts });
    this.ca = options.ca;
    this.dnsblZones = options.dnsblZones ?? [];
    this.extraAlternatives = options.alternatives;
    this.discoveredHosts = options.discoveredHosts ?? [];
    // One internal signal for every socket of this diagnosis, tied to the caller's. Each open
    // socket listens on it, and a diagnosis opens dozens at once.
    setMaxListeners(200, this.controller.signal);
    options.signal?.addEventListener('abort', () => this.controller.abort(), { once: true });
    if (options.signal?.aborted) this.controller.abort();
    this.dns = {
      servers: options.dnsServers,
      authoritativePort: options.authoritativeDnsPort,
      timeoutMs: this.timeoutMs,
      signal: this.signal,
    };
  }

  /**
   * A context whose sockets can be stopped on their own (speculative probes no longer needed)
   * and that still stops with this one. It shares the recorded checks.
   */
  fork(): DiagnosisContext {
    const child = new DiagnosisContext({ ...this.options, onProgress: undefined, signal: this.signal });
    child.record = (check) => this.record(check);
    return child;
  }

  abort(): void {
    this.controller.abort();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get aborted(): boolean {
    return this.controller.signal.aborted;
  }

  /** Options for one probe step. */
  get step(): { timeoutMs: number; signal: AbortSignal } {
    return { timeoutMs: this.timeoutMs, signal: this.signal };
  }

  record(check: Check): void {
    this.checks.push(check);
    this.options.onProgress?.(check);
  }
}
