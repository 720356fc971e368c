import { isIP } from 'node:net';
import { domainToASCII, domainToUnicode } from 'node:url';
import unhomoglyph from 'unhomoglyph';

/**
 * One spelling of a host name for every surface. Connections, comparisons and the report's
 * facts use the ASCII form (IDN labels as punycode, UTS #46 through Node's `domainToASCII`), so
 * `bücher.de` typed in chat and `xn--bcher-kva.de` given to the CLI are the same server. People
 * read the Unicode form (`domainToUnicode`), and a name whose letters mix alphabets or only
 * look Latin is named as such (`lookalikeHost`).
 */

/** Lower-case ASCII, punycode for IDN labels; '' when the name cannot be a domain. IP literals unchanged. */
export function asciiHost(host: string): string {
  if (isIP(host)) return host;
  const ascii = domainToASCII(host);
  return ascii.split('.').every(decodesAsPunycode) ? ascii : '';
}

/**
 * Node 20's `domainToASCII` refuses a punycode label that does not decode (`xn--zz`); Node 24's
 * URL parser (ada) passes it through. A label is kept only when it decodes and encodes back.
 */
function decodesAsPunycode(label: string): boolean {
  if (!/^xn--/iu.test(label)) return true;
  const unicode = domainToUnicode(label);
  return unicode !== '' && unicode !== label && domainToASCII(unicode) === label;
}

/** The name as people read it: punycode labels in Unicode. Anything that does not decode stays as it is. */
export function displayHost(host: string): string {
  if (isIP(host) || !/(^|\.)xn--/iu.test(host)) return host;
  return domainToUnicode(host) || host;
}

/**
 * The scripts UAX #31 recommends for identifiers (Table 5, Recommended Scripts), as ISO 15924
 * codes. A letter from any other script in a host name is itself unusual (Cherokee `Ꭺ` for `A`).
 * Browsers apply the same list to IDN display (UTS #39 §5.1 "Highly Restrictive").
 */
const RECOMMENDED_SCRIPTS = [
  'Arab', 'Armn', 'Beng', 'Bopo', 'Cyrl', 'Deva', 'Ethi', 'Geor', 'Grek', 'Gujr', 'Guru', 'Hang', 'Hani', 'Hebr',
  'Hira', 'Kana', 'Knda', 'Khmr', 'Laoo', 'Latn', 'Mlym', 'Mymr', 'Orya', 'Sinh', 'Taml', 'Telu', 'Thaa', 'Thai', 'Tibt',
] as const;
/** Not a script a name should use (outside RECOMMENDED_SCRIPTS). */
const OTHER_SCRIPT = 'Zzzz';

/** V8's own Unicode data answers which scripts a character belongs to (`Script_Extensions`). */
const SCRIPT_TESTS = RECOMMENDED_SCRIPTS.map((code) => ({ code, test: new RegExp(`^\\p{Script_Extensions=${code}}$`, 'u') }));
const COMMON_OR_INHERITED = /^[\p{Script=Zyyy}\p{Script=Zinh}]$/u;

/**
 * UTS #39 §5.1: the writing systems that mix scripts by nature (Japanese, Korean, Chinese with
 * Bopomofo) count as one, so 東京タワー is a single-script name.
 */
const COMBINED: Readonly<Record<string, readonly string[]>> = {
  Hani: ['Jpan', 'Kore', 'Hanb'],
  Hira: ['Jpan'],
  Kana: ['Jpan'],
  Hang: ['Kore'],
  Bopo: ['Hanb'],
};

/** The scripts of one character, with the combined writing systems; undefined for digits, hyphens and marks. */
function scriptsOf(character: string): string[] | undefined {
  const scripts = SCRIPT_TESTS.filter((s) => s.test.test(character)).map((s) => s.code);
  if (scripts.length === 0) return COMMON_OR_INHERITED.test(character) ? undefined : [OTHER_SCRIPT];
  return [...scripts, ...scripts.flatMap((code) => COMBINED[code] ?? [])];
}

/** Each script a label uses, with its letters, in the order they appear. */
function lettersByScript(label: string): Map<string, string[]> {
  const byScript = new Map<string, string[]>();
  for (const character of label) {
    const scripts = scriptsOf(character);
    if (!scripts) continue;
    const main = scripts[0]!;
    const letters = byScript.get(main) ?? [];
    if (!letters.includes(character)) letters.push(character);
    byScript.set(main, letters);
  }
  return byScript;
}

/** UTS #39 "resolved script set": the scripts every character of the label belongs to. */
function resolvedScripts(label: string): Set<string> | undefined {
  let resolved: Set<string> | undefined;
  for (const character of label) {
    const scripts = scriptsOf(character);
    if (!scripts) continue;
    resolved = resolved ? new Set(scripts.filter((s) => resolved!.has(s))) : new Set(scripts);
  }
  return resolved;
}

/** "Highly Restrictive" (UTS #39 §5.2): one script, or Latin beside Japanese, Korean or Chinese with Bopomofo. */
function isOneWritingSystem(label: string): boolean {
  const all = resolvedScripts(label);
  if (!all || all.size > 0) return !all?.has(OTHER_SCRIPT);
  const withoutLatin = resolvedScripts([...label].filter((c) => !scriptsOf(c)?.includes('Latn')).join(''));
  return !!withoutLatin && ['Jpan', 'Kore', 'Hanb'].some((s) => withoutLatin.has(s));
}

export interface LookalikeName {
  /** The Unicode label that looks like something else. */
  label: string;
  /**
   * `mixed`: letters of several scripts in one label (a Cyrillic `а` in `pаypal`);
   * `whole_script`: only letters of another script that all look Latin (`раураl`, all Cyrillic);
   * `other_script`: letters of a script no name should use.
   */
  kind: 'mixed' | 'whole_script' | 'other_script';
  /** ISO 15924 codes of the scripts in the label, Latin first when present. */
  scripts: string[];
  /** The letters that are not Latin (the ones to check), at most a few. */
  letters: string[];
}

/**
 * The first label of `host` (ASCII or Unicode) that a person could take for another name, or
 * undefined. A whole-script lookalike under a top-level domain of its own script (`сор.рф`) is a
 * real local name, as browsers also judge it.
 */
export function lookalikeHost(host: string): LookalikeName | undefined {
  if (isIP(host)) return undefined;
  const labels = displayHost(host.toLowerCase()).split('.');
  const topLevelScripts = resolvedScripts(labels[labels.length - 1] ?? '');
  for (const label of labels) {
    if (/^[\x00-\x7f]*$/u.test(label)) continue;
    const byScript = lettersByScript(label);
    const scripts = [...byScript.keys()].sort((a, b) => (a === 'Latn' ? -1 : b === 'Latn' ? 1 : 0));
    const letters = scripts.filter((s) => s !== 'Latn').flatMap((s) => byScript.get(s) ?? []).slice(0, 6);
    if (byScript.has(OTHER_SCRIPT)) return { label, kind: 'other_script', scripts, letters };
    if (!isOneWritingSystem(label)) return { label, kind: 'mixed', scripts, letters };
    // Unicode's confusables skeleton (UTS #39 §4, through unhomoglyph's copy of confusables.txt).
    const looksLatin = /^[a-z0-9-]+$/u.test(unhomoglyph(label).toLowerCase());
    const ownTopLevel = scripts.length === 1 && !!topLevelScripts?.has(scripts[0]!);
    if (looksLatin && !byScript.has('Latn') && !ownTopLevel) return { label, kind: 'whole_script', scripts, letters };
  }
  return undefined;
}
