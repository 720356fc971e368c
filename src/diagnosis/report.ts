import type { AccountSettings, PortSecurity, Target } from '../settings/server-settings';
import type { CauseId } from './causes';
import type { ServerConnections } from './diagnosis-connections';

export type Severity = 'error' | 'warning' | 'info';
export type Verdict = 'ok' | 'problem' | 'warning';
/** `untestable`: this machine's own network stops the check (e.g. outbound port 25). */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip' | 'untestable';

/** Values that fill a cause's localized texts; never holds a password. */
export type Facts = Record<string, string | number>;

export interface Fix {
  summary: string;
  steps: string[];
  /** A combination the bot verified itself: it connected, and TLS and login (if tested) passed. */
  settings?: PortSecurity & { host?: string };
}

export interface Finding {
  cause: CauseId;
  severity: Severity;
  target: Target | 'account';
  /** Localized, checkable evidence ("certificate for imap.example.com expired on 2026-10-01"). */
  evidence: string;
  fix?: Fix;
  /** The raw facts behind the evidence, for machines (and for re-rendering in another language). */
  facts: Facts;
}

export interface Check {
  name: string;
  target: Target | 'account';
  status: CheckStatus;
  ms: number;
  /** What the check saw, raw (library and OpenSSL texts included): for --json and logs. */
  detail: string;
  /** The same as facts that reports render in the user's language (locales/<lang>/checks.json). */
  about?: CheckFact;
  /** Connections this check opened itself (absent: it read what another check's connection saw). */
  connections?: number;
}

/**
 * `id` picks the sentence `checks:detail.<id>`; `values` fill it as they are (addresses, ports,
 * server texts); each of `codes` is a key under `checks:` (`tcp.refused`) whose words fill the
 * value of that name. `parts` are further facts joined into a list value (one per resolver).
 */
export interface CheckFact {
  id: string;
  values?: Record<string, string | number>;
  codes?: Record<string, string>;
  parts?: { name: string; facts: CheckFact[] };
}

export interface Vantage {
  /** Host name of the machine that ran the checks. */
  host: string;
  /** Sentence for people: the checks ran from the bot's network, not the user's device. */
  description: string;
}

export interface Report {
  verdict: Verdict;
  settings: AccountSettings;
  findings: Finding[];
  checks: Check[];
  vantage: Vantage;
  /**
   * Connections the diagnosis opened (attempts included): the total, and per server (target and
   * host), which is what a server's connection-rate limit or fail2ban sees of the bot. Absent in
   * reports made before it was counted.
   */
  connections?: { total: number; servers: ServerConnections[] };
  durationMs: number;
  /** The overall deadline this diagnosis ran under (./diagnosis-deadline): step timeout and login budget. */
  deadlineMs?: number;
}

export function verdictOf(findings: readonly Pick<Finding, 'severity'>[]): Verdict {
  if (findings.some((f) => f.severity === 'error')) return 'problem';
  if (findings.some((f) => f.severity === 'warning')) return 'warning';
  return 'ok';
}
