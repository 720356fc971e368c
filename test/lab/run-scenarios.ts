/**
 * Runs every row of test/lab/scenarios.json through `mailhelp diagnose --json` inside the lab's
 * namespace and compares the report with the row's expectations. Prints one line per scenario
 * (expected / got / time) and exits 1 on any mismatch.
 *
 *   node --require tsx/cjs test/lab/run-scenarios.ts [--only NAME[,NAME]] [--concurrency N]
 *        [--no-fix-check] [--verbose]
 *
 * The lab must be up (test/lab/setup.sh). Where a row names a verified fix, the runner runs the
 * scenario again with the fixed settings and expects no error finding: the fix must really work.
 * A row with `script` is a program of its own (a watch over minutes of changes, say): it runs in
 * the bot's namespace after the diagnoses, one at a time, and passes when it exits 0.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

type Settings = Record<string, unknown>;

interface Expect {
  causes: string[];
  alsoAllowed?: string[];
  verdict?: 'ok' | 'warning' | 'problem';
  fix?: Settings | Settings[];
  settings?: Record<string, Settings>;
  /** The diagnosis must end within this (a dripping server is stopped by the deadlines, not waited out). */
  maxMs?: number;
  /**
   * Exactly the connections the servers' logs must show (Dovecot and Postfix lines from this
   * run's source address), and how many of Dovecot's say "no auth attempts": the healthy rows,
   * where every connection is known (the check per address carrying the login, one TLS 1.2
   * check per side).
   */
  connections?: { logged: number; noAuth: number };
}

interface Scenario {
  name: string;
  about: string;
  args: string[];
  /** A TypeScript file run instead of `mailhelp diagnose` (it changes the lab while it runs). */
  script?: string;
  login?: 'good' | 'wrong' | 'locked';
  dnsServers?: string[];
  allowNets?: false;
  timeoutMs?: number;
  dnsbl?: string[];
  expect: Expect;
  pending?: string;
}

interface Table {
  defaults: { timeoutMs: number; dnsServers: string[]; allowNets: string[]; user: string; lockedUser: string };
  scenarios: Scenario[];
}

interface Finding {
  cause: string;
  severity: 'error' | 'warning' | 'info';
  target: string;
  evidence?: string;
  fix?: { settings?: Settings };
}

interface Report {
  verdict: string;
  settings: Record<string, Settings | undefined>;
  findings: Finding[];
  durationMs: number;
  connections?: { total: number; servers: { target: string; host: string; opened: number }[] };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  report?: Report;
  parseError?: string;
  /** Connections the servers' own logs show from this run's source address (see ./bind-source.js). */
  logged?: Logged;
}

/**
 * The servers' own count: connections per log, and Dovecot's connections that ended "(no auth
 * attempts ...)", the lines fail2ban's Dovecot filter counts in its aggressive mode (maxretry 5).
 */
interface Logged {
  total: number;
  byLog: Record<string, number>;
  noAuth: number;
}

/** A runner worker's own source addresses in the bot's namespace (lib.sh WORKERS4/WORKERS6). */
interface Source {
  v4: string;
  v6: string;
}

interface Outcome {
  scenario: Scenario;
  run: Run;
  got: string[];
  problems: string[];
  fixRun?: { args: string[]; run: Run; got: string[] };
}

const ROOT = resolve(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'mailhelp.js');
// The executable's own build step (plain JavaScript): compile dist/ once, before the scenarios.
const { ensureBuilt } = require(join(ROOT, 'bin', 'build.js')) as { ensureBuilt: () => void };
const LAB_DIR = process.env.MHLAB_DIR ?? '/run/mhlab';
const PASSWORD_ENV = 'MHLAB_PASSWORD';
/** Connections one diagnosis may open (issue 13): healthy (IMAP+SMTP with login), and any fault. */
const HEALTHY_CONNECTIONS = 10;
const FAULT_CONNECTIONS = 24;
/** fail2ban's default maxretry: a healthy diagnosis leaves fewer "no auth attempts" lines than this. */
const FAIL2BAN_MAXRETRY = 5;

function parseCli(argv: string[]): { only?: Set<string>; concurrency: number; fixCheck: boolean; verbose: boolean } {
  let only: Set<string> | undefined;
  let concurrency = Number(process.env.MHLAB_CONCURRENCY ?? 3);
  let fixCheck = true;
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--only') only = new Set((argv[++i] ?? '').split(',').filter(Boolean));
    else if (arg === '--concurrency') concurrency = Number(argv[++i]);
    else if (arg === '--no-fix-check') fixCheck = false;
    else if (arg === '--verbose') verbose = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (process.env.MHLAB_ONLY) only = new Set(process.env.MHLAB_ONLY.split(',').filter(Boolean));
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('--concurrency needs a positive integer');
  return { only, concurrency, fixCheck, verbose };
}

type Lab = { namespace: string; ca: string; user: string; password: string; workers4: string[]; workers6: string[] };

function labInfo(): Lab {
  const file = join(LAB_DIR, 'hosts.json');
  if (!existsSync(file)) {
    throw new Error(`the lab is not up (${file} missing): run test/lab/setup.sh, or npm run test:lab`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Lab;
}

/** The full argv for `mailhelp diagnose`, from a row and the table's defaults. */
export function diagnoseArgs(s: Scenario, d: Table['defaults']): string[] {
  const args = ['diagnose', ...s.args];
  if (s.login) {
    const email = s.args.find((a) => !a.startsWith('-') && a.includes('@'));
    const user = s.login === 'locked' ? d.lockedUser : (email ?? d.user);
    args.push('--user', user, '--password-env', PASSWORD_ENV);
  }
  for (const server of s.dnsServers ?? d.dnsServers) args.push('--dns-server', server);
  if (s.allowNets !== false) for (const net of d.allowNets) args.push('--allow-net', net);
  for (const zone of s.dnsbl ?? []) args.push('--dnsbl', zone);
  args.push('--timeout', String(s.timeoutMs ?? d.timeoutMs), '--json');
  return args;
}

async function runDiagnose(args: string[], lab: Lab, password: string, source: Source): Promise<Run> {
  const before = logSizes();
  const run = await spawnDiagnose(args, lab, password, source);
  run.logged = await loggedConnections(before, source, run.report?.connections?.total ?? 0);
  return run;
}

// ---- the servers' own count: one log line per connection -------------------------------------
const LOGS_DIR = join(LAB_DIR, 'logs');
/**
 * Dovecot's login processes log one line per connection, with `rip=`: `Login:`, `Disconnected ...`,
 * `Aborted login`, or `Warning: haproxy: Client not trusted (rip=...)`. (The `garbage` instance
 * serves only Dovecot's auth protocol, which logs no connections.)
 */
const dovecotLine = (address: string): RegExp => new RegExp(`-login: .*\\brip=${escapeRegExp(address)}(?:[,\\s)]|$)`, 'u');
/** Postfix's smtpd logs `connect from NAME[ADDRESS]` when it accepts a connection. */
const postfixLine = (address: string): RegExp => new RegExp(`\\]: connect from [^\\s\\[]*\\[${escapeRegExp(address)}\\]`, 'u');
/** Dovecot's line for a connection that ended without a login attempt (fail2ban's aggressive filter). */
const NO_AUTH = /\(no auth attempts\b/u;
/** ./drip-server.js logs `connect from ADDRESS`. */
const dripLine = (address: string): RegExp => new RegExp(`drip-server: connect from ${escapeRegExp(address)} `, 'u');

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

function logFiles(): string[] {
  if (!existsSync(LOGS_DIR)) return [];
  return readdirSync(LOGS_DIR).filter((f) => /^(?:dovecot-.+|postfix|drip)\.log$/u.test(f));
}

function logSizes(): Map<string, number> {
  return new Map(logFiles().map((f) => [f, statSync(join(LOGS_DIR, f)).size]));
}

function countLogged(before: Map<string, number>, source: Source): Logged {
  const byLog: Record<string, number> = {};
  let total = 0;
  let noAuth = 0;
  for (const file of logFiles()) {
    const text = readFileSync(join(LOGS_DIR, file)).subarray(before.get(file) ?? 0).toString('utf8');
    const patterns = file.startsWith('dovecot-') ? [dovecotLine(source.v4), dovecotLine(source.v6)] : file === 'postfix.log' ? [postfixLine(source.v4), postfixLine(source.v6)] : [dripLine(source.v4), dripLine(source.v6)];
    const lines = text.split('\n').filter((line) => patterns.some((p) => p.test(line)));
    if (lines.length) byLog[file.replace(/\.log$/u, '')] = lines.length;
    total += lines.length;
    if (file.startsWith('dovecot-')) noAuth += lines.filter((line) => NO_AUTH.test(line)).length;
  }
  return { total, byLog, noAuth };
}

/**
 * The servers write their line when a connection ends, through their own log processes
 * (Dovecot's log service, Postfix's postlogd): read until the count reaches what the report
 * says, or stops changing.
 */
async function loggedConnections(before: Map<string, number>, source: Source, reported: number): Promise<Logged> {
  let seen = countLogged(before, source);
  let stableSince = Date.now();
  const deadline = Date.now() + 3000;
  while (seen.total < reported && Date.now() < deadline && Date.now() - stableSince < 500) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = countLogged(before, source);
    if (now.total !== seen.total) stableSince = Date.now();
    seen = now;
  }
  return seen;
}

async function spawnDiagnose(args: string[], lab: Lab, password: string, source: Source): Promise<Run> {
  const env = { NODE_EXTRA_CA_CERTS: lab.ca, [PASSWORD_ENV]: password, MHLAB_SOURCE4: source.v4, MHLAB_SOURCE6: source.v6 };
  const run = await spawnInLab(lab, ['--require', join(__dirname, 'bind-source.js'), BIN, ...args], env, 90_000);
  try {
    run.report = JSON.parse(run.stdout) as Report;
  } catch (error) {
    run.parseError = (error as Error).message;
  }
  return run;
}

/** Node with `argv` in the bot's namespace; killed after `killAfterMs`. */
function spawnInLab(lab: Lab, argv: string[], env: NodeJS.ProcessEnv, killAfterMs: number): Promise<Run> {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn('ip', ['netns', 'exec', lab.namespace, process.execPath, ...argv], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (code) => {
      clearTimeout(killer);
      done({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Error and warning causes, root cause first; ['ok'] when there are none. */
function causesOf(report: Report | undefined): string[] {
  if (!report) return ['(no report)'];
  const serious = report.findings.filter((f) => f.severity !== 'info').map((f) => f.cause);
  const unique = [...new Set(serious)];
  return unique.length ? unique : report.findings.some((f) => f.cause === 'ok') ? ['ok'] : ['(nothing)'];
}

function isSubset(want: Settings, got: Settings | undefined): boolean {
  if (!got) return false;
  return Object.entries(want).every(([k, v]) => got[k] === v);
}

function show(settings: Settings | undefined): string {
  if (!settings) return '-';
  return Object.entries(settings).map(([k, v]) => `${k}=${String(v)}`).join(' ');
}

function firstFix(report: Report | undefined): Finding | undefined {
  return report?.findings.find((f) => f.fix?.settings && Object.keys(f.fix.settings).length > 0);
}

/** The args of a scenario with a finding's fix applied to that finding's target. */
export function argsWithFix(s: Scenario, finding: Finding): string[] | undefined {
  const target = finding.target === 'outgoing' ? 'outgoing' : finding.target === 'incoming' ? 'incoming' : undefined;
  const fix = finding.fix?.settings;
  if (!target || !fix) return undefined;
  const args = [...s.args];
  const urlAt = args.indexOf(`--${target}`);
  if (urlAt < 0 || args[urlAt + 1] === undefined) return undefined;
  const url = new URL(args[urlAt + 1]!);
  const protocol = typeof fix.protocol === 'string' ? fix.protocol : url.protocol.replace(':', '');
  const host = typeof fix.host === 'string' ? fix.host : url.hostname;
  const port = typeof fix.port === 'number' ? fix.port : Number(url.port);
  args[urlAt + 1] = `${protocol}://${host}:${port}`;
  if (typeof fix.security === 'string') {
    const secAt = args.indexOf(`--${target}-security`);
    if (secAt >= 0) args[secAt + 1] = fix.security;
    else args.push(`--${target}-security`, fix.security);
  }
  return args;
}

function compare(s: Scenario, run: Run): { got: string[]; problems: string[] } {
  const problems: string[] = [];
  const report = run.report;
  const got = causesOf(report);
  if (!report) {
    problems.push(`no JSON report (exit ${run.code}): ${run.parseError ?? ''} ${run.stderr.trim().split('\n')[0] ?? ''}`);
    return { got, problems };
  }
  const want = s.expect.causes;
  const allowed = new Set([...want, ...(s.expect.alsoAllowed ?? [])]);
  const missing = want.filter((c) => !got.includes(c));
  const extra = got.filter((c) => !allowed.has(c));
  if (missing.length) problems.push(`missing ${missing.join(', ')}`);
  if (extra.length) problems.push(`unexpected ${extra.join(', ')}`);
  if (!missing.length && got[0] !== want[0]) problems.push(`root cause should be ${want[0]}, report puts ${got[0]} first`);
  // The connection budget of issue 13: a mail app opens one or two; fail2ban and rate limits count.
  const budget = report.verdict === 'ok' ? HEALTHY_CONNECTIONS : FAULT_CONNECTIONS;
  const opened = report.connections?.total;
  if (opened === undefined) problems.push('the report does not count its connections');
  else if (opened > budget) problems.push(`${opened} connections, budget ${budget}`);
  // What the servers themselves logged: never more than the report says (a connection the report
  // does not count), and exactly as many when everything worked (every connection was accepted;
  // refused, dropped or unreachable connects reach no server log).
  const logged = run.logged?.total;
  if (logged === undefined) problems.push('no server log was read');
  else if (logged > budget) problems.push(`the servers logged ${logged} connections, budget ${budget}`);
  if (opened !== undefined && logged !== undefined) {
    if (logged > opened) problems.push(`the servers logged ${logged} connections, the report counts ${opened}`);
    else if (report.verdict === 'ok' && logged !== opened) problems.push(`healthy, but the servers logged ${logged} connections and the report counts ${opened}`);
  }
  const noAuth = run.logged?.noAuth ?? 0;
  if (report.verdict === 'ok' && noAuth >= FAIL2BAN_MAXRETRY) problems.push(`healthy, but Dovecot logged ${noAuth} connections without an auth attempt (fail2ban bans at ${FAIL2BAN_MAXRETRY})`);
  const exact = s.expect.connections;
  if (exact && run.logged && (run.logged.total !== exact.logged || noAuth !== exact.noAuth)) {
    problems.push(`the servers logged ${run.logged.total} connections (${noAuth} without an auth attempt), expected ${exact.logged} (${exact.noAuth})`);
  }
  if (s.expect.maxMs !== undefined && report.durationMs > s.expect.maxMs) problems.push(`took ${report.durationMs} ms, at most ${s.expect.maxMs} ms`);
  const expectedCode = report.verdict === 'problem' ? 1 : 0;
  if (run.code !== expectedCode) problems.push(`exit ${run.code} does not fit verdict ${report.verdict}`);
  if (s.expect.verdict && report.verdict !== s.expect.verdict) problems.push(`verdict ${report.verdict}, expected ${s.expect.verdict}`);
  if (s.expect.fix) {
    const options = Array.isArray(s.expect.fix) ? s.expect.fix : [s.expect.fix];
    const fixed = firstFix(report);
    if (!fixed) problems.push(`no verified fix, expected ${options.map(show).join(' or ')}`);
    else if (!options.some((o) => isSubset(o, fixed.fix?.settings))) {
      problems.push(`fix ${show(fixed.fix?.settings)}, expected ${options.map(show).join(' or ')}`);
    }
  }
  for (const [target, wantSettings] of Object.entries(s.expect.settings ?? {})) {
    if (!isSubset(wantSettings, report.settings[target])) {
      problems.push(`${target} settings ${show(report.settings[target])}, expected ${show(wantSettings)}`);
    }
  }
  return { got, problems };
}

async function runScenario(s: Scenario, table: Table, lab: Lab, fixCheck: boolean, source: Source): Promise<Outcome> {
  const password = s.login === 'wrong' ? 'not-the-password' : lab.password;
  const run = await runDiagnose(diagnoseArgs(s, table.defaults), lab, password, source);
  const { got, problems } = compare(s, run);
  const outcome: Outcome = { scenario: s, run, got, problems };
  const fixed = firstFix(run.report);
  if (fixCheck && s.expect.fix && fixed && problems.length === 0) {
    const fixedArgs = argsWithFix(s, fixed);
    if (!fixedArgs) {
      problems.push(`cannot apply fix ${show(fixed.fix?.settings)} to ${fixed.target}`);
    } else {
      const again: Scenario = { ...s, args: fixedArgs };
      const fixRun = await runDiagnose(diagnoseArgs(again, table.defaults), lab, password, source);
      const fixGot = causesOf(fixRun.report);
      outcome.fixRun = { args: fixedArgs, run: fixRun, got: fixGot };
      const errors = fixRun.report?.findings.filter((f) => f.severity === 'error').map((f) => f.cause) ?? ['(no report)'];
      if (errors.length) problems.push(`the fix does not work: with it the report still says ${errors.join(', ')}`);
    }
  }
  return outcome;
}

async function runScript(s: Scenario, lab: Lab): Promise<Outcome> {
  const run = await spawnInLab(lab, ['--require', 'tsx/cjs', join(ROOT, s.script!), s.name], { NODE_EXTRA_CA_CERTS: lab.ca, MHLAB_DIR: LAB_DIR }, 300_000);
  return { scenario: s, run, got: [run.code === 0 ? 'ok' : `exit ${run.code}`], problems: run.code === 0 ? [] : [`exit ${run.code}`] };
}

/** Runs `work` on `size` workers; each gets its index (its source address). */
async function pool<T, R>(items: T[], size: number, work: (item: T, worker: number) => Promise<R>, each: (r: R) => void): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (index: number): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, index);
      each(results[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, (_, index) => worker(index)));
  return results;
}

function line(o: Outcome, width: number): string {
  const status = o.problems.length === 0 ? 'pass' : o.scenario.pending ? 'PEND' : 'FAIL';
  const time = `${(o.run.ms / 1000).toFixed(1)}s`.padStart(6);
  const fix = o.fixRun ? `  fix ${(o.fixRun.run.ms / 1000).toFixed(1)}s` : '';
  const servers = o.run.report?.connections?.servers.map((s) => `${s.host} ${s.opened}`).join(', ');
  const logs = o.run.logged ? Object.entries(o.run.logged.byLog).map(([log, n]) => `${log} ${n}`).join(', ') : '';
  const noAuth = o.run.logged?.noAuth ? `, ${o.run.logged.noAuth} no auth` : '';
  const conns = `  conns ${o.run.report?.connections?.total ?? '?'}${servers ? ` (${servers})` : ''}  logged ${o.run.logged?.total ?? '?'}${logs || noAuth ? ` (${logs}${noAuth})` : ''}`;
  return `${status}  ${o.scenario.name.padEnd(width)}  expected ${o.scenario.expect.causes.join(',')}  got ${o.got.join(',')}  ${time}${conns}${fix}`;
}

async function main(): Promise<number> {
  const cli = parseCli(process.argv.slice(2));
  ensureBuilt();
  const table = JSON.parse(readFileSync(join(__dirname, 'scenarios.json'), 'utf8')) as Table;
  const lab = labInfo();
  const workers = Math.min(lab.workers4.length, lab.workers6.length);
  if (cli.concurrency > workers) {
    console.log(`concurrency ${cli.concurrency} lowered to ${workers}: one source address per worker (lib.sh WORKERS4/WORKERS6)`);
    cli.concurrency = workers;
  }
  const rows = table.scenarios.filter((s) => !cli.only || cli.only.has(s.name));
  if (cli.only) {
    const unknown = [...cli.only].filter((n) => !table.scenarios.some((s) => s.name === n));
    if (unknown.length) throw new Error(`no such scenario: ${unknown.join(', ')}`);
  }
  const scripts = rows.filter((s) => s.script);
  const diagnoses = rows.filter((s) => !s.script);
  const width = Math.max(...rows.map((s) => s.name.length));
  const started = Date.now();
  console.log(`lab scenarios: ${rows.length}, ${cli.concurrency} at a time (status  name  expected  got  time  connections the report counts (per server)  connections the servers logged (per log, and Dovecot's "no auth attempts"))`);
  const outcomes = await pool(
    diagnoses,
    cli.concurrency,
    (s, worker) => runScenario(s, table, lab, cli.fixCheck, { v4: lab.workers4[worker]!, v6: lab.workers6[worker]! }),
    (o) => {
      console.log(line(o, width));
      if (o.problems.length || cli.verbose) {
        for (const p of o.problems) console.log(`      ${p}`);
        const main = o.run.report?.findings.filter((f) => f.severity !== 'info') ?? [];
        for (const f of main) console.log(`      ${f.severity} ${f.cause} [${f.target}]: ${f.evidence ?? ''}${f.fix?.settings ? `  fix: ${show(f.fix.settings)}` : ''}`);
        if (o.problems.length) console.log(`      argv: mailhelp ${diagnoseArgs(o.scenario, table.defaults).join(' ')}`);
        if (!o.run.report && o.run.stderr) console.log(`      stderr: ${o.run.stderr.trim().split('\n').slice(0, 5).join(' | ')}`);
      }
    },
  );
  // Scripts change servers others use (reloads, firewall): alone, after the diagnoses.
  for (const s of scripts) {
    const outcome = await runScript(s, lab);
    outcomes.push(outcome);
    console.log(`${outcome.problems.length ? 'FAIL' : 'pass'}  ${s.name.padEnd(width)}  script ${s.script}  ${`${(outcome.run.ms / 1000).toFixed(1)}s`.padStart(6)}`);
    console.log(outcome.run.stdout.trimEnd().replace(/^/gmu, '      '));
    if (outcome.problems.length) console.log(outcome.run.stderr.trimEnd().replace(/^/gmu, '      '));
  }
  const failed = outcomes.filter((o) => o.problems.length && !o.scenario.pending).length;
  const pending = outcomes.filter((o) => o.problems.length && o.scenario.pending).length;
  const passed = outcomes.length - failed - pending;
  console.log(`lab scenarios took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
  return failed ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`run-scenarios: ${(error as Error).message}`);
      process.exit(2);
    },
  );
}
