import type { Report } from '../diagnosis/report';
import type { ConversationKey } from '../store/conversation-key';
import { uniqueShortId } from '../store/short-id';
import type { Outage, OutageDetector } from '../outage/outage-detector';
import type { HistoryRecord } from './history-record';
import type { HistoryStore } from './history-store';

export interface RecordContext {
  key: ConversationKey;
  user: { id: string; name?: string; workspace?: string };
  link?: string;
}

/** What a finished diagnosis led to: its record id, and any outage it is part of. */
export interface RecordOutcome {
  reportId?: string;
  /** This report made the server's failure an outage: the triage channel is told once. */
  opened?: Outage;
  /** The server is already known to be failing this way (and the help desk told). */
  known?: Outage;
}

/** Every diagnosis leaves a record, and counts towards spotting an outage. */
export class DiagnosisRecorder {
  constructor(
    private readonly deps: { history?: HistoryStore; outages?: OutageDetector; now?: () => number },
  ) {}

  async record(report: Report, ctx: RecordContext): Promise<RecordOutcome> {
    const at = (this.deps.now ?? Date.now)();
    const outcome: RecordOutcome = {};
    const { history, outages } = this.deps;
    if (history) {
      const id = await uniqueShortId('R', async (candidate) => (await history.get(candidate)) !== undefined);
      const record: HistoryRecord = {
        id,
        platform: ctx.key.platform,
        ...(ctx.user.workspace ? { workspace: ctx.user.workspace } : {}),
        channel: ctx.key.channel,
        thread: ctx.key.thread,
        user: { id: ctx.user.id, ...(ctx.user.name ? { name: ctx.user.name } : {}) },
        at,
        settings: report.settings,
        verdict: report.verdict,
        causes: report.findings.filter((f) => f.severity !== 'info').map((f) => f.cause),
        report,
        ...(ctx.link ? { link: ctx.link } : {}),
      };
      await history.add(record);
      outcome.reportId = id;
    }
    if (outages) {
      const verdicts = await outages.record(report, {
        reporter: `${ctx.key.platform}:${ctx.user.id}`,
        at,
        ...(outcome.reportId ? { reportId: outcome.reportId } : {}),
        ...(ctx.link ? { link: ctx.link } : {}),
      });
      for (const verdict of verdicts) {
        if (verdict.kind === 'opened') outcome.opened = verdict.outage;
        if (verdict.kind === 'known') outcome.known = verdict.outage;
      }
    }
    return outcome;
  }
}
