import type { Report } from '../diagnosis/report';
import type { Translate } from '../i18n/translator';

/** The report for a person at a terminal, in the chosen language. */
export function renderReportText(report: Report, t: Translate): string {
  const lines: string[] = [`${t('cli:report.title')}: ${t(`cli:verdict.${report.verdict}`)}`, report.vantage.description, ''];
  for (const target of ['incoming', 'outgoing'] as const) {
    const s = report.settings[target];
    if (!s) continue;
    lines.push(
      t('cli:report.settings', {
        target: t(`cli:target.${target}`),
        protocol: s.protocol.toUpperCase(),
        host: s.host,
        port: s.port,
        security: t(`cli:security.${s.security}`),
      }),
    );
  }
  lines.push('');
  for (const finding of report.findings) {
    const marker = finding.severity === 'error' ? '✗' : finding.severity === 'warning' ? '!' : '✓';
    lines.push(`${marker} [${t(`cli:target.${finding.target}`)}] ${t(`causes:${finding.cause}.title`)} (${finding.cause})`);
    if (finding.cause !== 'ok') {
      lines.push(`    ${t('cli:report.evidence')}: ${finding.evidence}`);
      if (finding.fix) lines.push(`    ${t('cli:report.fix')}: ${finding.fix.summary}`);
      for (const step of finding.fix?.steps ?? []) lines.push(`      - ${step}`);
    }
  }
  lines.push('', `${t('cli:report.checks')}:`);
  for (const check of report.checks) {
    lines.push(`  ${check.target.padEnd(8)} ${check.name.padEnd(16)} ${t(`cli:status.${check.status}`).padEnd(8)} ${String(check.ms).padStart(5)} ms  ${check.detail}`);
  }
  lines.push('', t('cli:report.duration', { ms: report.durationMs }));
  return lines.join('\n');
}
