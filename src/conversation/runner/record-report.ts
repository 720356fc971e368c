import type { Report } from '../../diagnosis/report';
import { matchLanguage, translator } from '../../i18n/translator';
import { outageAlert } from '../../outage/outage-text';
import type { DiagnosisFinishedEvent } from '../events';
import type { ConversationOutput } from './conversation-output';
import type { EffectContext } from './effect-context';
import { renderBlocks } from './render-effects';
import type { RunnerDependencies, RunnerLogger } from './runner-dependencies';

type RecordServices = Pick<RunnerDependencies, 'records' | 'triage' | 'onOutage' | 'defaultLanguage'> & { logger: RunnerLogger; now: () => number };

/** The report into the history; a new outage to the triage channel, once. */
export async function recordReport(
  services: RecordServices,
  ctx: EffectContext,
  output: ConversationOutput | undefined,
  report: Report,
): Promise<Pick<DiagnosisFinishedEvent, 'reportId' | 'knownOutage'>> {
  const recorder = services.records;
  if (!recorder || !ctx.state) return {};
  const link = await output?.link?.().catch(() => undefined);
  const outcome = await recorder.record(report, { key: ctx.key, user: ctx.state.user, ...(link ? { link } : {}) });
  if (outcome.opened) {
    const t = translator(matchLanguage(services.defaultLanguage) ?? 'en');
    const message = renderBlocks(t, outageAlert(outcome.opened, services.now()));
    await services.triage?.post(message).catch((error: unknown) => services.logger.warn({ err: error }, 'outage alert could not be posted'));
    services.onOutage?.(outcome.opened);
  }
  const outage = outcome.opened ?? outcome.known;
  return {
    ...(outcome.reportId ? { reportId: outcome.reportId } : {}),
    ...(outage ? { knownOutage: { server: outage.server, cause: outage.cause, reports: outage.reporters.length } } : {}),
  };
}
