import type { AdminCommand } from '../conversation/parse/parse-admin-command';
import type { CommandPlace } from '../conversation/runner/runner-dependencies';
import { lines, type Text, text } from '../conversation/text';
import { serversOf, type HistoryRecord } from './history-record';
import type { HistoryStore } from './history-store';

/** Checks listed by `/mailhelp history`; `mailhelp history --json` exports everything. */
export const HISTORY_LIST_LIMIT = 10;

type HistoryCommand = Extract<AdminCommand, { kind: 'history' | 'show' | 'forget' }>;

/** `/mailhelp history [@user | server]`, `/mailhelp show R-7F3K`, `/mailhelp forget @user`. */
export class HistoryCommands {
  constructor(private readonly store: HistoryStore) {}

  async run(command: HistoryCommand, place: CommandPlace): Promise<Text> {
    // The help desk of one workspace sees that workspace's checks only.
    const scope = { platform: place.platform, ...(place.workspace ? { workspace: place.workspace } : {}) };
    switch (command.kind) {
      case 'history': {
        const records = await this.store.query({
          ...scope,
          ...(command.user ? { user: command.user } : {}),
          ...(command.server ? { server: command.server } : {}),
          limit: HISTORY_LIST_LIMIT,
        });
        if (!records.length) return text('watch:history.empty');
        return lines(text('watch:history.title', { count: records.length }), ...records.map(historyLine));
      }
      case 'show': {
        const record = await this.store.get(command.id);
        if (!record || record.platform !== place.platform || (place.workspace && record.workspace && record.workspace !== place.workspace)) {
          return text('watch:history.not_found', { id: command.id });
        }
        return lines(
          historyLine(record),
          ...record.report.findings.filter((f) => f.severity !== 'info').map((f) => text('watch:history.finding', { cause: text(`causes:${f.cause}.title`), evidence: f.evidence })),
        );
      }
      case 'forget': {
        const removed = await this.store.forgetUser(place.platform, command.user);
        return text('watch:history.forgotten', { user: command.user, count: removed });
      }
    }
  }
}

function historyLine(record: HistoryRecord): Text {
  return text(record.link ? 'watch:history.line_link' : 'watch:history.line', {
    id: record.id,
    at: new Date(record.at).toISOString().slice(0, 16).replace('T', ' '),
    user: record.user.name ?? record.user.id,
    servers: serversOf(record.settings).join(', ') || '-',
    verdict: text(`watch:verdict.${record.verdict}`),
    causes: record.causes.length ? record.causes.join(', ') : '-',
    link: record.link ?? '',
  });
}
