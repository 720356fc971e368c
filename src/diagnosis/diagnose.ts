import { translator } from '../i18n/translator';
import { checkDnsbl } from '../probes/dnsbl';
import type { Target } from '../settings/server-settings';
import { DiagnosisContext } from './context';
import type { DiagnoseRequest } from './diagnose-request';
import { diagnoseTarget, type TargetResult } from './diagnose-target';
import { localizeFinding, orderFindings } from './localize';
import { optionsWithPublished, publishedFindings, refusedPublishedPorts } from './published-settings';
import { finding, type RawFinding } from './raw-finding';
import { verdictOf, type Report } from './report';
import { publishReport, unexplainedChecks, unexplainedFindings } from './report-invariant';
import { describeVantage } from './vantage';
import { diagnoseEmailDomain } from './email-domain';
import { diagnosisDeadlineMs } from './diagnosis-deadline';
import { lookalikeFindings } from './lookalike-findings';

/**
 * The diagnosis engine: settings in, report out. The CLI and every chat adapter call this one
 * function. Incoming and outgoing run in parallel; the blocklist look-ups follow the address
 * look-ups. `language` picks the words of evidence and fixes.
 */
export async function diagnose(request: DiagnoseRequest, language = 'en'): Promise<Report> {
  const startedAt = performance.now();
  const { settings, credentials, discovery } = request;
  const ctx = new DiagnosisContext(optionsWithPublished(request.options ?? {}, settings, discovery));
  const targets = (['incoming', 'outgoing'] as const).filter((t): t is Target => !!settings[t]);
  for (const refused of refusedPublishedPorts(request.options ?? {}, settings, discovery)) {
    ctx.record({ name: 'published_port', target: refused.target, status: 'skip', ms: 0, detail: `port ${refused.port}/${refused.security} is published for this domain but was not tried: the port policy does not allow it (MAILHELP_ALLOW_PORTS)`, about: { id: 'published_port_refused', values: { port: refused.port }, codes: { security: `security.${refused.security}` } } });
  }
  const deadlineMs = diagnosisDeadlineMs(ctx.timeoutMs, ctx.loginTimeoutMs);
  let pastDeadline = false;
  const deadline = setTimeout(() => {
    pastDeadline = true;
    ctx.abort();
  }, deadlineMs);

  let results: TargetResult[];
  let domainFindings: RawFinding[] = [];
  try {
    results = await Promise.all(
      targets.map(async (target) => {
        const result = await diagnoseTarget(ctx, target, settings[target]!, credentials, settings.email);
        return { ...result, findings: [...result.findings, ...(await reputationFindings(ctx, target, result))] };
      }),
    );
    // Only an email address and no server to test (discovery found none): what its domain says.
    if (targets.length === 0 && settings.email) domainFindings = await diagnoseEmailDomain(ctx, settings.email, discovery);
  } finally {
    clearTimeout(deadline);
  }
  const cancelled = ctx.aborted;
  // The verdict is in: every socket of this diagnosis goes now, none outlives it.
  ctx.abort();
  if (pastDeadline) {
    ctx.record({ name: 'deadline', target: 'account', status: 'skip', ms: deadlineMs, detail: `stopped at the overall deadline of ${deadlineMs} ms (${ctx.timeoutMs} ms per step, ${ctx.loginTimeoutMs} ms for the login); its findings are incomplete`, about: { id: 'cancelled' } });
  } else if (cancelled) {
    // Cut-short probes look like faults (closed, timed out): whoever reads this must know.
    ctx.record({ name: 'cancelled', target: 'account', status: 'skip', ms: 0, detail: 'the diagnosis was cancelled; its findings are incomplete', about: { id: 'cancelled' } });
  }
  const proven = [...domainFindings, ...results.flatMap((r) => r.findings), ...connectionLimitFindings(ctx), ...lookalikeFindings(settings)];
  const explained = [...proven, ...publishedFindings(settings, discovery, proven)];
  // The report's invariant (./report-invariant): no failed check without a finding.
  const unexplained = unexplainedChecks(ctx.checks, explained);
  const raw = orderFindings([...explained, ...unexplainedFindings(unexplained)]);
  const t = translator(language);
  const findings = (raw.length ? raw : [okFinding()]).map((f) => localizeFinding(f, t));
  const report: Report = {
    verdict: verdictOf(findings),
    settings,
    findings,
    checks: ctx.checks,
    vantage: describeVantage(t),
    connections: { total: ctx.connections.opened, servers: ctx.connections.byServer },
    durationMs: Math.round(performance.now() - startedAt),
    deadlineMs,
  };
  publishReport(report, unexplained);
  return report;
}

/**
 * The cap stops a bug or a hostile DNS answer from turning one check into a flood. The checks it
 * kept from running are marked skipped; this check and finding say why, so an incomplete report
 * never reads "everything works".
 */
function connectionLimitFindings(ctx: DiagnosisContext): RawFinding[] {
  const { budget, denied } = ctx.connections;
  if (denied === 0) return [];
  ctx.record({ name: 'connection_limit', target: 'account', status: 'warn', ms: 0, detail: `reached the limit of ${budget.max} connections; ${denied} more were not opened, so some checks did not run`, about: { id: 'connection_limit', values: { max: budget.max, denied } } });
  return [finding('policy.connection_limit', 'warning', 'account', { max: budget.max, denied })];
}

function okFinding(): RawFinding {
  return finding('ok', 'info', 'account', {});
}

/** A listed address hurts delivery and may get the server's mail refused: a warning. */
async function reputationFindings(ctx: DiagnosisContext, target: Target, result: TargetResult): Promise<RawFinding[]> {
  if (!ctx.dnsblZones.length || !result.addresses.length) return [];
  const startedAt = performance.now();
  const answers = await checkDnsbl(result.addresses, ctx.dnsblZones, ctx.dns);
  const listed = answers.filter((a) => a.status === 'listed');
  const unchecked = answers.filter((a) => a.status === 'refused' || a.status === 'error');
  ctx.record({
    name: 'dnsbl',
    target,
    status: listed.length ? 'warn' : unchecked.length ? 'untestable' : 'pass',
    ms: Math.round(performance.now() - startedAt),
    detail: answers.map((a) => `${a.address} in ${a.zone}: ${a.status}${a.reason ? ` (${a.reason})` : ''}`).join('; '),
    about: { id: 'dnsbl', parts: { name: 'answers', facts: answers.map((a) => ({ id: 'dnsbl_answer', values: { address: a.address, zone: a.zone }, codes: { status: `dnsbl.${a.status}` } })) } },
  });
  return listed.map((a) =>
    finding('reputation.dnsbl_listed', 'warning', target, {
      address: a.address,
      zone: a.zone,
      codes: a.codes.join(', '),
      reason: a.reason ?? '',
    }),
  );
}
