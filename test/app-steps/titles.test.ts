import assert from 'node:assert/strict';
import { APP_IDS, type AppId } from '../../src/app-steps/apps';
import { appStepsFor } from '../../src/app-steps/app-steps-text';
import { APP_STEPS } from '../../src/app-steps/catalog';
import { renderAppSteps } from '../../src/app-steps/render-app-steps';
import { LANGUAGES, translator } from '../../src/i18n/translator';
import type { Target } from '../../src/settings/server-settings';
import { findingChanging, SETTINGS } from './support';

/** Names that stay capitalised after "In", "Dans", "En"...: products and platforms, not common nouns. */
const PROPER = new Set(['Outlook', 'Apple', 'Mail', 'Thunderbird', 'Samsung', 'eM', 'Gmail', 'Windows', 'Mac', 'iPhone', 'iPad', 'iOS', 'Android', 'macOS', 'High', 'Sierra', 'Microsoft']);
/** Words other languages use as they are: an English one of these in a French title is not untranslated. */
const SHARED_WORDS = new Set(['app', 'mail', 'scanner', 'script', 'website', 'client', 'email']);
/** The name each app's title says exactly once. */
const NAME: Record<AppId, RegExp | undefined> = {
  outlook_classic: /Outlook/gu,
  outlook_new: /Outlook/gu,
  outlook_mac: /Outlook/gu,
  apple_mail: /Mail|メール/gu,
  iphone_mail: /Mail|メール/gu,
  thunderbird: /Thunderbird/gu,
  gmail_app: /Gmail/gu,
  samsung_email: /Samsung/gu,
  outlook_mobile: /Outlook/gu,
  em_client: /eM Client/gu,
  sending_device: undefined,
};

const words = (title: string): string[] => title.match(/[\p{L}']+/gu) ?? [];

/** What reads wrong in `title` (the `english` title of the same app alongside), or [] when it reads as text. */
function titleProblems(app: AppId, language: string, title: string, english: string): string[] {
  const problems: string[] = [];
  if (title.includes('{{')) problems.push('a placeholder left unfilled');
  if (!title.endsWith(language === 'fr' ? '\u00a0:' : ':')) problems.push('does not end in its colon');
  const name = NAME[app];
  if (name && (title.match(name)?.length ?? 0) !== 1) problems.push("the app's name not exactly once");
  if (language !== 'ja') {
    // After the preposition comes an article ("the", "der", "l'"), a lowercase word, or a product name with no common noun glued on.
    const [, next, after] = words(title);
    if (next && /^\p{Lu}/u.test(next) && !PROPER.has(next)) problems.push(`a capitalised common noun after the preposition: ${next}`);
    if (next && PROPER.has(next) && after && /^(app|apps|application|aplicación|aplicativo)$/iu.test(after)) problems.push(`"${next} ${after}" without an article`);
  }
  if (language !== 'en') {
    const foreign = new Set(words(title).map((w) => w.toLowerCase()));
    const untranslated = words(english)
      .slice(1)
      .filter((w) => !PROPER.has(w) && !SHARED_WORDS.has(w.toLowerCase()) && w.length > 2 && foreign.has(w.toLowerCase()));
    if (untranslated.length) problems.push(`English words: ${untranslated.join(', ')}`);
  }
  return problems;
}

function sideOf(app: AppId): { setting: (typeof APP_STEPS)[number]['setting']; side: Target } {
  const entry = APP_STEPS.find((e) => e.app === app && Object.keys(e.sides).length > 0)!;
  return { setting: entry.setting, side: Object.keys(entry.sides)[0] as Target };
}

function renderedTitles(language: string): Map<AppId, string[]> {
  const t = translator(language);
  return new Map(
    APP_IDS.map((app) => {
      const { setting, side } = sideOf(app);
      const steps = appStepsFor(app, findingChanging(setting, side), SETTINGS)!;
      return [app, [renderAppSteps(t, steps, language).title, t(`apps:title_plain.${app}`)]];
    }),
  );
}

describe('app steps: every app’s title reads as text in every language', () => {
  const english = renderedTitles('en');

  it('the check finds the titles that read badly', () => {
    const bad: [AppId, string, string][] = [
      ['gmail_app', 'en', 'In Gmail app (Gmail for Android):'],
      ['gmail_app', 'de', 'In Gmail-App (Android):'],
      ['gmail_app', 'es', 'En Aplicación Gmail (Android):'],
      ['gmail_app', 'fr', 'Dans Application Gmail (Android)\u00a0:'],
      ['sending_device', 'en', 'In A device or program that sends mail (printers, scanners, websites, scripts):'],
      ['outlook_mobile', 'de', 'In Outlook auf dem Handy (Outlook for iOS and Android):'],
      ['thunderbird', 'en', 'In Thunderbird (Thunderbird 115 or later):'],
      ['outlook_mac', 'en', 'In Outlook for Mac (Outlook for Mac 16 or later):'],
    ];
    for (const [app, language, title] of bad) {
      assert.notDeepEqual(titleProblems(app, language, title, english.get(app)![0]!), [], `${language}: ${title}`);
    }
  });

  for (const language of LANGUAGES) {
    it(`${language}: each app's title, with and without versions, has an article where it needs one, the app's name once, no English`, () => {
      const problems: string[] = [];
      for (const [app, titles] of renderedTitles(language)) {
        titles.forEach((title, i) => {
          for (const problem of titleProblems(app, language, title, english.get(app)![i]!)) problems.push(`${app}: ${title} (${problem})`);
        });
      }
      assert.deepEqual(problems, []);
    });
  }

  it('the versions say what the English title says: the Thunderbird, Gmail and device titles', () => {
    assert.deepEqual(
      ['thunderbird', 'gmail_app', 'sending_device'].map((app) => english.get(app as AppId)![0]),
      ['In Thunderbird 115 or later:', 'In the Gmail app (Android):', 'For a device or program that sends mail (printer, scanner, website or script):'],
    );
  });
});
