import type { PortSecurity } from '../../settings/server-settings';
import { fullyWorks } from '../alternatives';
import type { DiagnosisContext } from '../context';
import { observeEndpoint, type Endpoint, type EndpointObservation } from '../endpoint';
import type { HeldSession } from '../../probes/login-common';
import { ProbeProgress } from './probe-progress';
import { STAGGER_MS, afterIo } from './timing';

/**
 * The search for another combination that works, run only while the user's own may fail:
 * it starts when the user's probe fails or becomes suspiciously slow, probes the candidates one
 * after another in the order most likely to be the fix (the next one starts when the previous
 * ended undecided, or stalls: see STAGGER_MS), skips every probe whose outcome is already
 * known, and stops as soon as the verdict cannot change:
 *
 * - a candidate fully works (TLS, trusted certificate, greeting, a login offered): that is the fix;
 * - the user's certificate is at fault and a candidate shows the same certificate: the other
 *   ports of that server will too;
 * - the user's combination turned out healthy: nothing needs fixing.
 *
 * What a probe on the user's own port could show is often known already: after a completed TLS
 * handshake on port P a plaintext probe of P can only wait for a greeting that never comes, and
 * after a plaintext banner a TLS probe of P can only fail; a port that refused or dropped the
 * connect does so in every mode. Those probes never start.
 */
type Eligibility = 'yes' | 'no' | 'later';

export interface RaceSetup {
  /** A fork of the target's context: aborting it stops every probe still running. */
  ctx: DiagnosisContext;
  user: ProbeProgress;
  /** In the order ./alternatives gives (published, standard, the user's port in the other modes). */
  candidates: readonly PortSecurity[];
  endpointFor(candidate: PortSecurity): Endpoint;
  /** A probe of the user's port completed a TLS handshake: the port waits for a ClientHello. */
  onSamePortTls(): void;
  /**
   * A candidate's session ended healthy (see ./endpoint keepSession): offered so that a login on
   * the fix goes on on it. Returning true takes it over.
   */
  keepSession?(session: HeldSession, endpoint: Endpoint): boolean;
}

export class AlternativeRace {
  readonly #setup: RaceSetup;
  readonly #started = new Set<string>();
  readonly #observations: EndpointObservation[] = [];
  readonly #running = new Set<ProbeProgress>();
  #wanted = false;
  /** Whether the user's finished observation needs a fix or a secure way (undefined: not finished). */
  #needed: boolean | undefined;
  #stopped = false;
  #cancelTimer: () => void = () => {};
  #resolve!: () => void;
  readonly #done: Promise<void>;
  readonly #unsubscribe: () => void;

  constructor(setup: RaceSetup) {
    this.#setup = setup;
    setup.ctx.quietWaits = true;
    this.#done = new Promise((resolve) => (this.#resolve = resolve));
    this.#unsubscribe = setup.user.onChange(() => this.#pump());
    this.#pump();
  }

  /** The user's observation ended; `needed`: it needs a fix (or, unencrypted, a secure way). */
  userFinished(needed: boolean): void {
    this.#needed = needed;
    if (needed) {
      this.#wanted = true;
      // From now on the verdict waits for these probes: their waits are worth a progress line.
      this.#setup.ctx.quietWaits = false;
      this.#setup.ctx.waits.refresh();
    }
    this.#pump();
  }

  /** Resolves with the candidates observed before the search stopped (cut-short ones are dropped). */
  async result(): Promise<EndpointObservation[]> {
    await this.#done;
    return [...this.#observations];
  }

  /** Whether any candidate was started (its connections count even when it was not needed). */
  get startedAny(): boolean {
    return this.#started.size > 0;
  }

  #pump(): void {
    if (this.#stopped) return;
    const { user } = this.#setup;
    if (this.#needed === false || this.#decided()) return this.#stop();
    if (!this.#wanted && user.suspicious) this.#wanted = true;
    if (!this.#wanted) {
      const wait = user.msUntilSuspicious();
      if (wait !== undefined) this.#schedule(wait);
      return;
    }
    const next = this.#next();
    if (next === 'later') {
      // Only the user's probe can change it: when it turns suspicious, or by a hook (pumps again).
      const wait = user.msUntilSuspicious();
      if (wait !== undefined && wait > 0) this.#schedule(wait);
      return;
    }
    if (next && this.#running.size > 0) {
      // A running candidate that connected is given the time to answer; a stalled one is not.
      const waits = [...this.#running].map((p) => p.msUntilSuspicious());
      if (waits.some((w) => w === undefined || w > 0)) {
        const soonest = Math.min(...waits.filter((w): w is number => w !== undefined && w > 0));
        if (Number.isFinite(soonest)) this.#schedule(soonest);
        return;
      }
    }
    if (next) {
      this.#start(next);
      return this.#pump();
    }
    if (this.#running.size === 0 && this.#needed !== undefined) this.#stop();
  }

  /** The first candidate worth starting now; 'later' when one may become worth it. */
  #next(): PortSecurity | 'later' | undefined {
    const { candidates, user } = this.#setup;
    const open = candidates.filter((c) => !this.#started.has(key(c)));
    const judged = open.map((c) => ({ c, e: eligibility(c, user) }));
    // What the user's own port says in the other mode is the likeliest fix when it is worth asking.
    const samePort = judged.find((j) => j.e === 'yes' && j.c.port === user.endpoint.port);
    const first = samePort ?? judged.find((j) => j.e === 'yes');
    if (first) return first.c;
    return judged.some((j) => j.e === 'later') ? 'later' : undefined;
  }

  #start(candidate: PortSecurity): void {
    const { ctx, user, endpointFor, onSamePortTls, keepSession } = this.#setup;
    this.#started.add(key(candidate));
    const endpoint = endpointFor(candidate);
    const progress = new ProbeProgress(endpoint, STAGGER_MS, ctx.timeoutMs);
    this.#running.add(progress);
    const samePortTls = candidate.port === user.endpoint.port && candidate.security === 'tls';
    const hooks = progress.hooks({
      ...(samePortTls ? { onHandshake: (tls) => void (tls.handshake && onSamePortTls()) } : {}),
      // The endpoint it is given is the address that answered (one of the host's, tried in order).
      ...(keepSession ? { keepSession } : {}),
    });
    progress.onChange(() => this.#pump());
    void observeEndpoint(ctx, endpoint, hooks).then((observation) => {
      this.#running.delete(progress);
      if (this.#stopped) return;
      this.#observations.push(observation);
      this.#pump();
    });
  }

  #decided(): boolean {
    const observations = this.#observations;
    if (observations.some(fullyWorks)) return true;
    const tls = this.#setup.user.tls;
    const fingerprint = tls?.handshake && !tls.ok ? tls.certificate?.fingerprint256 : undefined;
    return !!fingerprint && observations.some((o) => o.tls?.handshake && o.tls.certificate?.fingerprint256 === fingerprint);
  }

  #schedule(ms: number): void {
    this.#cancelTimer();
    this.#cancelTimer = afterIo(ms, () => this.#pump());
  }

  #stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#cancelTimer();
    this.#unsubscribe();
    if (this.#running.size > 0) this.#setup.ctx.abort();
    this.#resolve();
  }
}

function key(c: PortSecurity): string {
  return `${c.port}/${c.security}`;
}

/** Whether probing `c` could still tell something the user's own probe has not (see above). */
function eligibility(c: PortSecurity, user: ProbeProgress): Eligibility {
  const mine = user.endpoint;
  if (c.port !== mine.port) return 'yes';
  if (user.tcpFailed) return 'no';
  const undecided: Eligibility = user.finished ? 'no' : user.suspicious ? 'yes' : 'later';
  if (user.connectedAt === undefined) return user.finished ? 'no' : 'later';
  if (mine.security === 'tls') {
    // The same port in plaintext: worth it only when the handshake failed (what does it say instead?).
    if (user.tls) return user.tls.handshake ? 'no' : 'yes';
    return undecided;
  }
  if (c.security === 'tls') {
    // The same port with implicit TLS: worth it only when no plaintext banner came.
    const greeting = user.greeting;
    if (greeting) return greeting.kind === 'silent' || greeting.kind === 'tls_record' ? 'yes' : 'no';
    return undecided;
  }
  // STARTTLS on the plaintext port the user set to "none": does the upgrade work?
  return user.finished?.capabilities?.startTls ? 'yes' : user.finished ? 'no' : 'later';
}
