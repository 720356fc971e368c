import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES, LOCALES_DIR } from '../src/i18n/translator';

/** Namespaces whose keys are always written out in the code, so unused ones can be found. */
const LITERAL_NAMESPACES = ['conversation', 'report', 'console', 'help'];
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/u;
const CODE_DIRS = [join(__dirname, '..', 'src'), join(__dirname, '..', 'adapters')];

type Flat = Map<string, string>;

function flatten(value: unknown, prefix = '', into: Flat = new Map()): Flat {
  if (typeof value === 'string') into.set(prefix, value);
  else if (Array.isArray(value)) value.forEach((v, i) => flatten(v, `${prefix}.${i}`, into));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, into);
  return into;
}

function load(language: string, namespace: string): Flat | undefined {
  try {
    return flatten(JSON.parse(readFileSync(join(LOCALES_DIR, language, `${namespace}.json`), 'utf8')));
  } catch {
    return undefined;
  }
}

const NAMESPACES = readdirSync(join(LOCALES_DIR, 'en'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/u, ''));

/** Keys without plural suffixes; a plural key stands for all its forms. */
function baseKeys(flat: Flat): Set<string> {
  return new Set([...flat.keys()].map((k) => k.replace(PLURAL_SUFFIX, '')));
}

function pluralBases(flat: Flat): Set<string> {
  return new Set([...flat.keys()].filter((k) => PLURAL_SUFFIX.test(k)).map((k) => k.replace(PLURAL_SUFFIX, '')));
}

function variables(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/gu)].map((m) => m[1] ?? '').sort();
}

function sourceText(): string {
  const texts: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) texts.push(readFileSync(path, 'utf8'));
    }
  };
  CODE_DIRS.forEach(walk);
  return texts.join('\n');
}

describe('locales', () => {
  for (const namespace of NAMESPACES) {
    const english = load('en', namespace)!;
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      describe(`${language}/${namespace}.json`, () => {
        const translated = load(language, namespace);

        it('exists and has every English key', () => {
          assert.ok(translated, `locales/${language}/${namespace}.json is missing`);
          const missing = [...baseKeys(english)].filter((k) => !baseKeys(translated).has(k));
          assert.deepEqual(missing, [], `missing in ${language}`);
        });

        it('has no key English does not have', () => {
          if (!translated) return;
          const extra = [...baseKeys(translated)].filter((k) => !baseKeys(english).has(k));
          assert.deepEqual(extra, [], `stale keys in ${language}`);
        });

        it("has every plural form the language's plural rules need", () => {
          if (!translated) return;
          const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
          const missing = [...pluralBases(english)].flatMap((base) => categories.map((c) => `${base}_${c}`).filter((k) => !translated.has(k)));
          assert.deepEqual(missing, []);
        });

        it('uses the same {{variables}} as English', () => {
          if (!translated) return;
          const wrong: string[] = [];
          for (const [key, value] of translated) {
            const englishValue = english.get(key) ?? english.get(`${key.replace(PLURAL_SUFFIX, '')}_other`);
            if (englishValue === undefined) continue;
            const expected = variables(englishValue).filter((v) => v !== 'count');
            const actual = variables(value).filter((v) => v !== 'count');
            if (JSON.stringify([...new Set(expected)]) !== JSON.stringify([...new Set(actual)])) wrong.push(`${key}: ${actual} vs ${expected}`);
          }
          assert.deepEqual(wrong, []);
        });

        it('translates rather than copies English sentences', () => {
          if (!translated || !LITERAL_NAMESPACES.includes(namespace)) return;
          const words = (value: string): number => value.replace(/\{\{[^}]*\}\}/gu, '').split(/\s+/u).filter((w) => /\p{L}{2,}/u.test(w)).length;
          const copied = [...translated].filter(([key, value]) => words(value) > 3 && value === english.get(key)).map(([key]) => key);
          assert.deepEqual(copied, []);
        });
      });
    }
  }

  describe('no key nobody uses', () => {
    const code = sourceText();
    for (const namespace of LITERAL_NAMESPACES) {
      it(`every key of en/${namespace}.json is used in the code`, () => {
        const english = load('en', namespace)!;
        const unused = [...baseKeys(english)].filter((key) => !code.includes(`'${namespace}:${key}'`));
        assert.deepEqual(unused, []);
      });

      it(`every ${namespace}: key the code uses exists in English`, () => {
        const english = baseKeys(load('en', namespace)!);
        const used = [...code.matchAll(new RegExp(`'${namespace}:([\\w.]+)'`, 'gu'))].map((m) => m[1] ?? '');
        assert.deepEqual([...new Set(used.filter((k) => !english.has(k)))], []);
      });
    }
  });

  describe('fits the platforms (Slack and Discord limits)', () => {
    const limits: [RegExp, number, string][] = [
      [/^choice\./u, 75, 'button label'],
      [/^form\.\w+_title$/u, 24, 'modal title'],
      [/^form\.(protocol|host|port|security|user|password)$/u, 45, 'field label'],
      [/^form\.\w+_placeholder_\w+$/u, 100, 'placeholder'],
      [/^form\.(submit|login_submit)$/u, 24, 'submit label'],
    ];
    for (const language of LANGUAGES) {
      it(`${language}: labels and titles are short enough`, () => {
        const conversation = load(language, 'conversation');
        if (!conversation) return;
        const tooLong: string[] = [];
        for (const [key, value] of conversation) {
          for (const [pattern, max, what] of limits) {
            if (pattern.test(key) && [...value].length > max) tooLong.push(`${key} (${what}, ${[...value].length} > ${max}): ${value}`);
          }
        }
        assert.deepEqual(tooLong, []);
      });
    }
  });
});
