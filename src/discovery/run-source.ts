import type { TargetPolicy } from '../policy/target-policy';
import { onAbort } from '../probes/probe-options';
import type { ResolvedDiscoveryOptions } from './discovery-options';
import type { AttemptProblem, DiscoverySource, SourceAttempt, SourceReport, SourceStatus } from './discovery-result';
import type { EmailParts, Found, ProviderMatch, SourceContext, SourceRun } from './source-context';

export interface SourceOutcome {
  report: SourceReport;
  found: Found[];
  provider?: ProviderMatch;
}

/** Problems that mean "this domain does not publish it": the source is empty, not broken. */
const EMPTY_PROBLEMS: ReadonlySet<AttemptProblem> = new Set<AttemptProblem>([
  'nxdomain',
  'no_records',
  'not_offered',
  'unknown_provider',
  'no_answer',
  'connect_failed',
  'cancelled',
]);

export interface RunSourceInput {
  source: DiscoverySource;
  run: SourceRun;
  parts: EmailParts;
  options: ResolvedDiscoveryOptions;
  policy: TargetPolicy;
  /** The caller's cancel (whole discovery) and any early stop (guessing no longer needed). */
  signal: AbortSignal;
}

/**
 * Runs one source under its own deadline. Never rejects and never outlives the deadline: at the
 * deadline its signal fires (closing its sockets and DNS queries) and whatever it noted so far
 * is reported as a timeout.
 */
export function runSource(input: RunSourceInput): Promise<SourceOutcome> {
  const startedAt = performance.now();
  const deadline = startedAt + input.options.timeoutMs;
  const controller = new AbortController();
  const attempts: SourceAttempt[] = [];
  let provider: ProviderMatch | undefined;
  // Steps end a little before the hard cut, so a source whose slow look-up gives up can still
  // return what its other look-ups found.
  const margin = Math.min(250, Math.max(20, input.options.timeoutMs / 10));
  const remaining = (): number => Math.max(1, Math.round(deadline - margin - performance.now()));
  const ctx: SourceContext = {
    ...input.parts,
    options: input.options,
    policy: input.policy,
    signal: controller.signal,
    remaining,
    dns: () => ({ servers: input.options.dnsServers, timeoutMs: remaining(), signal: controller.signal }),
    note: (attempt) => attempts.push(attempt),
    recognise: (match) => {
      provider ??= match;
    },
  };

  return new Promise((resolve) => {
    let settled = false;
    let detach = (): void => {};
    const finish = (status: SourceStatus | undefined, found: Found[]): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      detach();
      controller.abort();
      const ms = Math.round(performance.now() - startedAt);
      resolve({
        report: { source: input.source, status: status ?? statusOf(found, attempts), ms, attempts: [...attempts] },
        found,
        ...(provider && { provider }),
      });
    };
    const onCancel = (): void => {
      const reason = input.signal.reason;
      attempts.push({ target: input.parts.domain, ok: false, problem: 'cancelled', detail: typeof reason === 'string' ? reason : 'cancelled' });
      finish('skipped', []);
    };
    const timer = setTimeout(() => finish('timeout', []), input.options.timeoutMs);
    if (input.signal.aborted) return onCancel();
    // Every source waits on the caller's signal: one shared listener (onAbort), removed at the end.
    detach = onAbort(input.signal, onCancel);
    input.run(ctx).then(
      (found) => finish(undefined, found),
      (error: unknown) => {
        attempts.push({ target: input.parts.domain, ok: false, problem: 'cancelled', detail: `internal error: ${String(error)}` });
        finish('failed', []);
      },
    );
  });
}

/** Found anything; else broken somewhere; else ran out of time somewhere; else simply nothing published. */
function statusOf(found: Found[], attempts: SourceAttempt[]): SourceStatus {
  if (found.length > 0) return 'found';
  const problems = attempts.filter((a) => !a.ok && a.problem !== undefined).map((a) => a.problem!);
  if (problems.some((p) => p !== 'timeout' && !EMPTY_PROBLEMS.has(p))) return 'failed';
  return problems.includes('timeout') ? 'timeout' : 'nothing';
}
