import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../app/main';
import { labelled } from '../src/i18n/labelled';
import { LOCALES_DIR, translator } from '../src/i18n/translator';

const NO_BREAK = '\u00a0';
const NARROW_NO_BREAK = '\u202f';

function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

/** Prose only: placeholders ({{seconds, number(…; …)}}) and code (`ipconfig /flushdns`) are not French typography. */
const prose = (text: string): string => text.replace(/\{\{.*?\}\}|`[^`]*`/gu, '\ue000');

/**
 * French typography (Imprimerie nationale): a no-break space before ":", a narrow no-break space
 * before ";", "!", "?" and inside « guillemets », so the sign never starts a line. Checked on
 * every French string, and on the colon the code adds after a label ("Utilisation :").
 */
describe('locales: French punctuation', () => {
  const french = readdirSync(join(LOCALES_DIR, 'fr'))
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => strings(JSON.parse(readFileSync(join(LOCALES_DIR, 'fr', f), 'utf8'))).map(([key, text]) => [`${f}:${key}`, text] as const));

  it('reads the French strings', () => {
    assert.ok(french.length > 500, `only ${french.length} strings`);
  });

  it('no ordinary space before : ; ! ? and none glued to a word in prose', () => {
    const wrong = french.filter(([, text]) => /[^\s\u00a0\u202f][:;!?](?=\s|$)| [:;!?]|« | »/u.test(prose(text)));
    assert.deepEqual(wrong, []);
  });

  it('the space before a colon is a no-break space, before ; ! ? a narrow one', () => {
    const wrong = french.filter(([, text]) => /\u202f:|\u00a0[;!?]/u.test(prose(text)));
    assert.deepEqual(wrong, []);
  });

  it('labels the code puts before a value or a list: "Utilisation :" in French, "Usage:" in English', async () => {
    assert.equal(labelled(translator('fr'), 'Utilisation'), `Utilisation${NO_BREAK}:`);
    assert.equal(labelled(translator('en'), 'Usage'), 'Usage:');
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const code = await main(['--help', '--lang', 'fr'], { stdout, stderr: new PassThrough(), env: {}, stdin: Readable.from(['']) });
    assert.equal(code, 0);
    assert.match(out, new RegExp(`^Utilisation${NO_BREAK}:$`, 'mu'));
    assert.doesNotMatch(out, /[^\s\u00a0\u202f]:$/mu, 'a label glued to its colon');
    assert.ok(!out.includes(` ${NARROW_NO_BREAK}`));
  });
});
