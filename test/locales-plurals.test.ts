import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES_DIR, translator } from '../src/i18n/translator';

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/u;

/** Variables that hold a number of things (or of minutes, days, characters…). */
const COUNT_LIKE = /^(?:count|max|min|minutes|seconds|hours|days|daysLeft|attempts|failed|denied|length|ttl|reports|total|position|checks|connections|ports|\w+Count)$/u;

/**
 * Strings where a count-like number is followed by a word that does not depend on it, each
 * with the reason. Everything else that puts a word after such a number needs plural keys.
 */
const NOT_A_COUNT: Readonly<Record<string, string>> = {
  'limits:busy': 'an ordinal: "you are number 3 in line"',
  'watch:command.invalid_interval': 'min and max are durations already in words ("1 minute", "1 day")',
};

/** "2 of 3 attempts": a share; the noun goes with the total, which is pluralized. */
const SHARE_WORDS = new Set(['of']);

function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}.${i}`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

const ENGLISH = new Map<string, string>(
  readdirSync(join(LOCALES_DIR, 'en'))
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => strings(JSON.parse(readFileSync(join(LOCALES_DIR, 'en', f), 'utf8'))).map(([key, text]) => [`${f.replace(/\.json$/u, '')}:${key}`, text] as const)),
);

const isPlural = (key: string): boolean => PLURAL_SUFFIX.test(key);
const hasPluralForms = (base: string): boolean => ENGLISH.has(`${base}_one`) && ENGLISH.has(`${base}_other`);

/**
 * A count shown in a sentence goes through i18next plurals ("1 check", "2 checks"; German
 * "1 Prüfung", "2 Prüfungen"; Japanese one form): either the key itself has plural forms
 * (`_one`/`_other`, with `{{count}}`), or the number is handed to one that has, by nesting
 * (`$t(counts:days_left, {"count":{{daysLeft}}})`). English is checked; the locales test makes
 * every other language have every form its plural rules need.
 */
describe('locales: counts use plural forms', () => {
  it('reads the English strings', () => {
    assert.ok(ENGLISH.size > 500, `only ${ENGLISH.size} strings`);
  });

  it('no count-like number is followed by a word in a string without plural forms', () => {
    const wrong: string[] = [];
    for (const [key, text] of ENGLISH) {
      if (isPlural(key) || key in NOT_A_COUNT) continue;
      for (const match of text.matchAll(/\{\{\s*(\w+)[^}]*\}\}\s*(\p{L}+)?/gu)) {
        const [, name = '', word] = match;
        if (COUNT_LIKE.test(name) && word !== undefined && /\p{L}{2,}/u.test(word) && !SHARE_WORDS.has(word)) wrong.push(`${key}: ${text}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('{{count}} appears only in keys with plural forms', () => {
    const wrong = [...ENGLISH].filter(([key, text]) => /\{\{\s*count\b/u.test(text) && !isPlural(key)).map(([key]) => key);
    assert.deepEqual(wrong, []);
  });

  it('every plural key has both English forms, and every nested count names one', () => {
    const bases = [...ENGLISH.keys()].filter(isPlural).map((k) => k.replace(PLURAL_SUFFIX, ''));
    assert.deepEqual([...new Set(bases)].filter((b) => !hasPluralForms(b)), []);
    const nested = [...ENGLISH.values()].flatMap((text) => [...text.matchAll(/\$t\(([\w:.-]+),\s*\{"count":/gu)].map((m) => m[1] ?? ''));
    assert.deepEqual(nested.filter((key) => !hasPluralForms(key)), []);
  });

  it('the nested counts read right in German and English', () => {
    assert.match(translator('en')('causes:tls.cert_expiring_soon.evidence', { subject: 'x', validTo: '2027-01-01', daysLeft: 1 }), /\(1 day left\)$/u);
    assert.match(translator('de')('causes:tls.cert_expiring_soon.evidence', { subject: 'x', validTo: '2027-01-01', daysLeft: 1 }), /\b1 Tag\b/u);
    assert.match(translator('de')('checks:detail.not_opened', { max: 1 }), /\b1 Verbindung\b/u);
    assert.match(translator('en')('conversation:common.idle_closed', { count: 1 }), /\b1 minute\b/u);
  });
});
