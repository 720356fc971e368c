import { ConnectionBudget } from '../policy/limits/connection-budget';
import { DEFAULT_LIMITS } from '../policy/limits/limits-config';
import type { DnsOptions } from '../probes/dns';
import { onAbort } from '../probes/probe-options';
import { connectTcp, type TcpConnect } from '../probes/tcp';
import { TargetPolicy } from '../policy/target-policy';
import type { Target } from '../settings/server-settings';
import type { Check } from './report';
import { type AccountProvider, DEFAULT_LOGIN_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, type DiagnoseOptions, type Waiting } from './diagnose-request';
import { AccountLogins } from './account-logins';
import { CONNECTION_LIMIT, DiagnosisConnections } from './diagnosis-connections';
import { WaitBoard } from './waiting';

/** What a diagnosis and its forks share. */
interface Shared {
  connections: DiagnosisConnections;
  logins: AccountLogins;
  waits: WaitBoard;
  server?: { target: Target | 'account'; host: string };
}

/** One TCP connect this context made, and how it ended (for telling dead, flaky and healthy paths apart). */
export interface ConnectAttempt {
  address: string;
  port: number;
  ok: boolean;
  code?: string;
}

/** A connect the diagnosis's connection cap did not allow: nothing was opened. */
export type DiagnosisConnect = TcpConnect | { ok: false; code: typeof CONNECTION_LIMIT; message: string; ms: number };

/** What every step of one diagnosis shares: deadlines, resolvers, policy, trust, connection cap, progress. */
export class DiagnosisContext {
  readonly timeoutMs: number;
  readonly loginTimeoutMs: number;
  /** One login per account per diagnosis: shared with forks. */
  readonly logins: AccountLogins;
  readonly dns: DnsOptions;
  readonly policy: TargetPolicy;
  readonly ca: string[] | undefined;
  readonly dnsblZones: string[];
  readonly extraAlternatives: DiagnoseOptions['alternatives'];
  readonly discoveredHosts: readonly string[];
  /** The account's provider and sign-in by name (DiagnoseOptions.provider). */
  readonly provider: AccountProvider | undefined;
  readonly checks: Check[] = [];
  readonly connections: DiagnosisConnections;
  /** Waits long enough to show in the progress (shared with forks: they report to the diagnosis). */
  readonly waits: WaitBoard;
  /** The server this context's connections are counted for (set per target by `forServer`). */
  readonly server: { target: Target | 'account'; host: string } | undefined;
  /** Connections this context (not its forks) opened: what one check reports. */
  opened = 0;
  /**
   * Its waits are not shown while true: probes started on speculation (alternatives while the
   * user's own combination may still work) do not hold the verdict back until they are needed.
   */
  quietWaits = false;
  /** The connects this context (not its forks) made, in the order they ended. */
  readonly connects: ConnectAttempt[] = [];
  private readonly controller = new AbortController();
  private readonly detachFromCaller: () => void;

  constructor(
    private readonly options: DiagnoseOptions = {},
    /** A fork's: the parent's, so the cap and the login rule count the whole diagnosis. */
    shared?: Shared,
  ) {
    this.logins = shared?.logins ?? new AccountLogins();
    this.loginTimeoutMs = options.loginTimeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS;
    this.connections = shared?.connections ?? new DiagnosisConnections(new ConnectionBudget(options.maxConnections ?? DEFAULT_LIMITS.maxConnections), options.onConnection);
    this.waits = shared?.waits ?? new WaitBoard(options.onWaiting);
    this.server = shared?.server;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.policy = new TargetPolicy({ allowNets: options.allowNets, allowPorts: options.allowPorts });
    this.ca = options.ca;
    this.dnsblZones = options.dnsblZones ?? [];
    this.extraAlternatives = options.alternatives;
    this.discoveredHosts = options.discoveredHosts ?? [];
    this.provider = options.provider;
    // One internal signal for every socket of this diagnosis, tied to the caller's. Dozens of
    // sockets and forks wait on it at once: onAbort keeps that one listener per signal, and the
    // tie is undone when this context is done, so nothing piles up on a long-lived caller signal.
    this.detachFromCaller = onAbort(options.signal, () => this.controller.abort());
    this.dns = {
      servers: options.dnsServers,
      authoritativePort: options.authoritativeDnsPort,
      timeoutMs: this.timeoutMs,
      signal: this.signal,
      // A zone's own name servers are addresses from DNS, like any target: the policy decides
      // whether they may be asked (the configured resolvers are the admin's choice).
      allowServer: (address) => this.policy.checkAddress(address).allowed,
    };
  }

  /**
   * A context whose sockets can be stopped on their own (speculative probes no longer needed)
   * and that still stops with this one. It shares the recorded checks.
   */
  fork(server = this.server): DiagnosisContext {
    const child = new DiagnosisContext(
      { ...this.options, onProgress: undefined, onWaiting: undefined, signal: this.signal },
      { connections: this.connections, logins: this.logins, waits: this.waits, ...(server ? { server } : {}) },
    );
    child.record = (check) => this.record(check);
    return child;
  }

  /** A fork whose connections count for one server (a target's host). */
  forServer(target: Target | 'account', host: string): DiagnosisContext {
    return this.fork({ target, host });
  }

  /**
   * Counts one connection that a library (imapflow, nodemailer) opens itself; false when the
   * cap is reached (then it must not be opened).
   */
  takeConnection(): boolean {
    if (!this.connections.take(this.server)) return false;
    this.opened++;
    return true;
  }

  /** Shows `work` in the progress as waited for once it takes about a second (./waiting). */
  waitFor<T>(step: Waiting['step'], port: number, atMostMs: number, work: Promise<T>): Promise<T> {
    const target = this.server?.target;
    if (target !== 'incoming' && target !== 'outgoing') return work;
    return this.waits.during({ step, target, host: this.server?.host ?? '', port }, atMostMs, work, () => !this.quietWaits);
  }

  abort(): void {
    this.detachFromCaller();
    this.controller.abort();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get aborted(): boolean {
    return this.controller.signal.aborted;
  }

  /**
   * Opens a TCP connection to a policy-checked address for this diagnosis, within its
   * connection cap. Over the cap nothing is opened and the result says so.
   */
  connect(address: string, port: number): Promise<DiagnosisConnect> {
    if (!this.takeConnection()) return Promise.resolve({ ok: false, code: CONNECTION_LIMIT, message: this.connections.reason, ms: 0 });
    return this.waitFor('connect', port, this.timeoutMs, connectTcp(address, port, this.step)).then((result) => {
      this.connects.push({ address, port, ok: result.ok, ...(result.ok ? {} : { code: result.code }) });
      return result;
    });
  }

  /** Options for one probe step. */
  get step(): { timeoutMs: number; signal: AbortSignal } {
    return { timeoutMs: this.timeoutMs, signal: this.signal };
  }

  /** Tells the live progress that a step is still waiting (not a check: nothing is recorded). */
  waiting(waiting: Waiting): void {
    this.waits.notify(waiting);
  }

  record(check: Check): void {
    this.checks.push(check);
    this.options.onProgress?.(check);
  }
}
