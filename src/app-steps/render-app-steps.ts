import type { Translate } from '../i18n/translator';
import type { Text } from '../conversation/text';
import type { AppSteps } from './app-steps-text';

/** App steps in one language, for the report document. */
export interface RenderedAppSteps {
  title: string;
  steps: string[];
  notes: string[];
  snippets: { library: string; code: string }[];
  sources: string[];
}

/**
 * A Text as one string. The conversation runner has the same walk for its messages; the report
 * document is built outside the runner (CLI, history), so it renders its own.
 */
export function renderText(t: Translate, message: Text): string {
  if ('code' in message) return message.code;
  if ('lines' in message) return message.lines.map((line) => renderText(t, line)).join('\n');
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.values ?? {})) values[name] = typeof value === 'object' ? renderText(t, value) : value;
  return t(message.key, values);
}

/** The steps in `language` (that of `t`): its sources are the steps' and, where there is one, that language's label source. */
export function renderAppSteps(t: Translate, steps: AppSteps, language = 'en'): RenderedAppSteps {
  return {
    title: renderText(t, steps.title),
    steps: steps.steps.map((s) => renderText(t, s)),
    notes: steps.notes.map((n) => renderText(t, n)),
    snippets: steps.snippets,
    sources: sourcesIn(steps, language),
  };
}

/** The steps' sources, then where the labels of `language` come from when that is another page. */
export function sourcesIn(steps: AppSteps, language: string): string[] {
  const labels = steps.labelSources[language];
  return labels && !steps.sources.includes(labels) ? [...steps.sources, labels] : steps.sources;
}
