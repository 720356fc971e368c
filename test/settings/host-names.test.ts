import assert from 'node:assert/strict';
import { parseServerSpec } from '../../src/conversation/parse/parse-server';
import { asciiHost, displayHost, lookalikeHost } from '../../src/settings/host-names';
import { parseEmail, parseHost, parseServerUrl } from '../../src/settings/parse-settings';

/** Issue 12 §7: one spelling of a host on every surface, shown in Unicode, look-alikes named. */
describe('host names: IDN the same on the CLI and in chat', function () {
  const cases: [typed: string, ascii: string, shown: string][] = [
    ['bücher.de', 'xn--bcher-kva.de', 'bücher.de'],
    ['xn--bcher-kva.de', 'xn--bcher-kva.de', 'bücher.de'],
    ['Bücher.DE', 'xn--bcher-kva.de', 'bücher.de'],
    ['пример.рф', 'xn--e1afmkfd.xn--p1ai', 'пример.рф'],
    ['mail.example.com', 'mail.example.com', 'mail.example.com'],
  ];
  for (const [typed, ascii, shown] of cases) {
    it(`${typed}: the CLI, the chat and the email parser all mean ${ascii}; people read ${shown}`, function () {
      assert.equal(parseHost(typed), ascii);
      assert.equal(parseServerUrl(`imap://${typed}:993`, ['imap']).host, ascii);
      const chat = parseServerSpec(`${typed} 993 ssl`);
      assert.ok(chat.ok);
      assert.equal(chat.spec.host, ascii);
      assert.equal(parseEmail(`alice@${typed}`), `alice@${typed}`, 'the CLI takes an IDN email as the chat does');
      assert.equal(displayHost(ascii), shown);
    });
  }

  it('a broken punycode label is refused on both surfaces', function () {
    assert.throws(() => parseHost('xn--zz.example'), { key: 'cli:invalid.host' });
    const chat = parseServerSpec('xn--zz.example 993');
    assert.ok(!chat.ok);
  });

  it('an IP literal and a name that does not decode are shown as they are', function () {
    assert.equal(displayHost('192.0.2.1'), '192.0.2.1');
    assert.equal(displayHost('xn--zz.example'), 'xn--zz.example');
    assert.equal(asciiHost('2001:db8::1'), '2001:db8::1');
  });
});

describe('host names: look-alike letters (UTS #39 mixed scripts and whole-script confusables)', function () {
  const flagged: [host: string, kind: string, scripts: string[], letters: string[]][] = [
    ['pаypal.com', 'mixed', ['Latn', 'Cyrl'], ['а']],
    ['xn--pypal-4ve.com', 'mixed', ['Latn', 'Cyrl'], ['а']],
    ['imap.gооgle.com', 'mixed', ['Latn', 'Cyrl'], ['о']],
    ['ρaypal.com', 'mixed', ['Latn', 'Grek'], ['ρ']],
    ['аррӏе.com', 'whole_script', ['Cyrl'], ['а', 'р', 'ӏ', 'е']],
    ['сор.com', 'whole_script', ['Cyrl'], ['с', 'о', 'р']],
    ['ꭺpple.com', 'other_script', ['Latn', 'Zzzz'], ['ꭺ']],
  ];
  for (const [host, kind, scripts, letters] of flagged) {
    it(`${host}: ${kind}`, function () {
      const found = lookalikeHost(host);
      assert.ok(found, `${host} was not flagged`);
      assert.equal(found.kind, kind);
      assert.deepEqual(found.scripts, scripts);
      assert.deepEqual(found.letters, letters);
    });
  }

  // Real names in one writing system, including those that mix scripts by nature.
  for (const host of ['bücher.de', 'пример.рф', 'сор.рф', 'αβγ.gr', '東京タワー.jp', 'ヤフー.jp', 'abc中国.cn', '한국.kr', 'straße.de', 'ıstanbul.com', 'mail-1.example.com', '192.0.2.1']) {
    it(`${host}: not flagged`, function () {
      assert.equal(lookalikeHost(host), undefined);
    });
  }
});
