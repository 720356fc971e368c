import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import i18next, { type TFunction } from 'i18next';

/** Every language mailhelp speaks; `locales/<code>/` holds its files, English is the reference. */
export const LANGUAGES = ['en', 'de', 'es', 'fr', 'pt-BR', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

export const LOCALES_DIR = join(packageRoot(__dirname), 'locales');

/** The folder with package.json above `dir`: the same from src/ (tsx) and from dist/src/ (compiled). */
function packageRoot(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, 'package.json'))) return at;
    if (dirname(at) === at) throw new Error(`no package.json above ${dir}`);
  }
}

/** Picks the closest supported language for a platform locale such as `de-AT`, `pt_BR` or `ja`. */
export function matchLanguage(locale: string | undefined): Language | undefined {
  if (!locale) return undefined;
  const normalized = locale.replace('_', '-').toLowerCase();
  const exact = LANGUAGES.find((l) => l.toLowerCase() === normalized);
  if (exact) return exact;
  const base = normalized.split('-')[0];
  return LANGUAGES.find((l) => l.toLowerCase().split('-')[0] === base);
}

function loadResources(): Record<string, Record<string, object>> {
  const resources: Record<string, Record<string, object>> = {};
  for (const language of readdirSync(LOCALES_DIR)) {
    const namespaces: Record<string, object> = {};
    for (const file of readdirSync(join(LOCALES_DIR, language)).filter((f) => f.endsWith('.json'))) {
      namespaces[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(LOCALES_DIR, language, file), 'utf8'));
    }
    resources[language] = namespaces;
  }
  return resources;
}

let shared: typeof i18next | undefined;

/** One i18next instance for the process; locales are read once, synchronously, at first use. */
function instance(): typeof i18next {
  if (shared) return shared;
  const resources = loadResources();
  const created = i18next.createInstance();
  void created.init({
    resources,
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    ns: Object.keys(resources.en ?? {}),
    defaultNS: 'causes',
    // Causes of a feature may live in its own file (locales/<lang>/oauth.json holds `oauth.*`,
    // harden.json `input.*`), so new causes do not all crowd into causes.json.
    fallbackNS: ['oauth', 'harden'],
    initAsync: false,
    // Chat text is not HTML; escaping would show &amp; to users.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  shared = created;
  return created;
}

export type Translate = TFunction;

/** A `t` function bound to one language. */
export function translator(language: string = 'en'): Translate {
  return instance().getFixedT(matchLanguage(language) ?? 'en');
}
