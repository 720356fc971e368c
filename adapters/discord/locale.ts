import { type Language, LANGUAGES, matchLanguage, translator, type Translate } from '../../src/i18n/translator';

/**
 * Discord's locale codes for each language mailhelp speaks. Discord has no plain `en`, `es`
 * or `pt`: English is the default text of a command, Spanish has Spain and Latin America.
 */
export const DISCORD_LOCALES: Readonly<Record<Language, readonly string[]>> = {
  en: ['en-US', 'en-GB'],
  de: ['de'],
  es: ['es-ES', 'es-419'],
  fr: ['fr'],
  'pt-BR': ['pt-BR'],
  ja: ['ja'],
};

/** The language for an interaction's `locale` (the user's client language), English otherwise. */
export function languageOf(locale: string | undefined): Language {
  return matchLanguage(locale) ?? 'en';
}

/** `{ de: "…", "es-ES": "…", … }` for a key, as Discord's *_localizations fields want it. */
export function localizations(key: string, values?: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const language of LANGUAGES.filter((l) => l !== 'en')) {
    const t: Translate = translator(language);
    for (const locale of DISCORD_LOCALES[language]) result[locale] = t(key, values);
  }
  return result;
}
