import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseServerSpec } from '../../src/conversation/parse/parse-server';
import { displayHost, lookalikeHost } from '../../src/settings/host-names';
import { InvalidInputError } from '../../src/settings/invalid-input';
import { parseHost, parseServerUrl } from '../../src/settings/parse-settings';
import { unicodeDomain } from './support/arbitraries';
import { FUZZ_RUNS } from './support/fuzz-settings';

/** Latin letters and the Cyrillic and Greek letters that look like them (Unicode confusables.txt). */
const LOOKALIKES: Readonly<Record<string, readonly string[]>> = {
  a: ['а', 'α'], c: ['с'], e: ['е'], o: ['о', 'ο'], p: ['р', 'ρ'], x: ['х', 'χ'], y: ['у'], i: ['і'], s: ['ѕ'], j: ['ј'],
};
const latinLabel = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split('')), minLength: 2, maxLength: 14 });

/** The host the CLI and the chat make of the same typed name, or undefined where one refuses it. */
function bothSurfaces(typed: string): { cli?: string; url?: string; chat?: string } {
  const cli = attempt(() => parseHost(typed));
  const url = attempt(() => parseServerUrl(`imap://${typed}:993`, ['imap']).host);
  const parsed = parseServerSpec(`${typed} 993`);
  return { cli, url, chat: parsed.ok ? parsed.spec.host : undefined };
}

function attempt(parse: () => string): string | undefined {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InvalidInputError) return undefined;
    throw error;
  }
}

/** Issue 12 §7: mixed-script names are warned about, and every surface spells a name the same way. */
describe('fuzz: mixed-script and IDN host names', function () {
  it('property: a Latin name with a Cyrillic or Greek look-alike swapped in is flagged, and CLI and chat agree on it', function () {
    const swapped = fc
      .tuple(latinLabel, latinLabel, fc.nat(), fc.nat())
      .filter(([a]) => [...a].some((c) => c in LOOKALIKES))
      .map(([label, other, at, pick]) => {
        const positions = [...label].map((c, i) => (c in LOOKALIKES ? i : -1)).filter((i) => i >= 0);
        const i = positions[at % positions.length]!;
        const choices = LOOKALIKES[label[i]!]!;
        const letter = choices[pick % choices.length]!;
        return { host: `${other}.${label.slice(0, i)}${letter}${label.slice(i + 1)}.com`, letter, rest: label.slice(0, i) + label.slice(i + 1) };
      })
      // A Latin letter stays beside the swapped one: the label mixes scripts (χ17 alone is a Greek name).
      .filter(({ rest }) => /[a-z]/u.test(rest));
    fc.assert(
      fc.property(swapped, ({ host, letter }) => {
        const found = lookalikeHost(host);
        assert.ok(found, `${host} not flagged`);
        assert.ok(found.letters.includes(letter), `${host}: ${JSON.stringify(found)}`);
        assert.ok(found.kind === 'mixed' || found.kind === 'whole_script', `${host}: ${found.kind}`);
        const { cli, url, chat } = bothSurfaces(host);
        assert.ok(cli && /^[\x00-\x7f]+$/u.test(cli), `${host}: CLI gave ${cli}`);
        assert.equal(url, cli);
        assert.equal(chat, cli);
        assert.equal(displayHost(cli), host, 'people read what was typed');
        // The punycode form is the same name to the warning too.
        assert.deepEqual(lookalikeHost(cli), found);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('property: any IDN is accepted or refused alike by the CLI, the URL parser and the chat, and never crashes the warning', function () {
    fc.assert(
      fc.property(unicodeDomain, fc.constantFrom('', 'imap.', 'XN--'), (domain, prefix) => {
        const typed = prefix + domain;
        const { cli, url, chat } = bothSurfaces(typed);
        assert.equal(url, cli, typed);
        if (chat !== undefined) assert.equal(chat, cli, typed);
        if (cli) {
          assert.match(cli, /^[\x00-\x7f]+$/u);
          const shown = displayHost(cli);
          assert.doesNotMatch(shown, /(^|\.)xn--/u, `${typed} shown as ${shown}`);
          lookalikeHost(cli);
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('property: names in one writing system are never flagged (German, Russian under .рф, Greek, Japanese)', function () {
    const alphabet = (letters: string) => fc.string({ unit: fc.constantFrom(...letters.split('')), minLength: 1, maxLength: 12 });
    const names = fc.oneof(
      alphabet('abcdefghijklmnopqrstuvwxyzäöüß').map((l) => `${l}.de`),
      alphabet('абвгдежзийклмнопрстуфхцчшщыэюя').map((l) => `${l}.рф`),
      alphabet('αβγδεζηθικλμνξοπρστυφχψω').map((l) => `${l}.gr`),
      alphabet('日本東京タワーあいうえおカキクケコ').map((l) => `${l}.jp`),
    );
    fc.assert(
      fc.property(names, (host) => {
        const found = lookalikeHost(host);
        // A Greek label can still be spelled only with letters that look Latin (ο, ν): that is the whole-script case.
        if (found) assert.ok(found.kind === 'whole_script' && host.endsWith('.gr'), `${host}: ${JSON.stringify(found)}`);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
