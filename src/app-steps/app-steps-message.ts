import type { Report } from '../diagnosis/report';
import { code, lines, type Text, text } from '../conversation/text';
import type { AppId } from './apps';
import { appStepsFor, needsAppSteps } from './app-steps-text';
import { changesFor } from './changes';
import { LEGACY_CAUSES } from './legacy';
import { sourcesIn } from './render-app-steps';

export function reportNeedsAppSteps(report: Report): boolean {
  return report.findings.some((f) => needsAppSteps(f, report.settings));
}

/**
 * Whether "which app?" is worth a question: a fix that surely changes a setting (server, port,
 * security, sign-in) or that old apps cannot follow. A rejected password alone does not ask: the
 * user name is only one suspect there, so its steps are shown only when the app is known.
 */
export function reportAsksForApp(report: Report): boolean {
  return report.findings.some(
    (f) => f.severity !== 'info' && (LEGACY_CAUSES.has(f.cause) || changesFor(f, report.settings).some((c) => c.setting !== 'user_name')),
  );
}

/**
 * The app steps of every finding of a report as one chat message: the cause, the app and its
 * versions, numbered steps, notes, snippets, sources. Undefined when no finding changes a setting.
 */
export function appStepsMessage(app: AppId, report: Report, language: string): Text | undefined {
  const parts: Text[] = [];
  for (const finding of report.findings) {
    const steps = appStepsFor(app, finding, report.settings);
    if (!steps) continue;
    parts.push(
      lines(
        text(`causes:${finding.cause}.title`),
        steps.title,
        ...steps.steps.map((step, i) => text('apps:numbered', { n: i + 1, step })),
        ...steps.notes,
        ...steps.snippets.flatMap((s) => [text('apps:snippets_intro', { library: s.library }), code(s.code)]),
        ...sourcesIn(steps, language).map((url) => text('apps:source', { url })),
      ),
    );
  }
  return parts.length > 0 ? lines(...parts) : undefined;
}
