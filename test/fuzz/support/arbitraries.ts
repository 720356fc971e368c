import fc from 'fast-check';

/** Server output worth throwing at a reader: protocol-looking lines mixed with raw bytes. */
const protocolLine = fc.oneof(
  fc.constantFrom('* OK ready', '* BYE', '+OK', '-ERR no', '220 mail ESMTP', '220-first', '250-PIPELINING', '250 OK', '421 busy', '.', '..dot', 'A1 OK done', 'A1 NO [AUTHENTICATIONFAILED] no', 'A1 BAD', '+ ', '* CAPABILITY IMAP4rev1 STARTTLS', '220 ****', ''),
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

const lineEnding = fc.constantFrom('\r\n', '\n', '\r', '', '\r\r\n');

/** A server's whole output as bytes, cut into arbitrary chunks. */
export const serverOutput = fc
  .tuple(
    fc.array(fc.tuple(protocolLine, lineEnding), { maxLength: 12 }),
    fc.option(fc.uint8Array({ maxLength: 300 }), { nil: undefined }),
    fc.integer({ min: 1, max: 64 }),
  )
  .map(([lines, tail, chunkSize]) => {
    const text = Buffer.concat([Buffer.from(lines.map(([l, e]) => l + e).join(''), 'latin1'), Buffer.from(tail ?? [])]);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < text.length; i += chunkSize) chunks.push(text.subarray(i, i + chunkSize));
    return chunks;
  });

/** Most servers close; some fall silent, which the reader's own deadline must end. */
export const playback = fc.record({ chunks: serverOutput, end: fc.integer({ min: 0, max: 3 }).map((n) => n !== 0) });

/** Property names of Object.prototype, as typed and as parsers lower-case them: a plain-object lookup table finds these. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'tostring', 'valueOf', 'valueof', 'hasOwnProperty', 'hasownproperty', 'isPrototypeOf', '__defineGetter__', '__lookupSetter__'] as const;
export const prototypeKey = fc.constantFrom(...PROTOTYPE_KEYS);

/** Any text a person or an attacker types: UTF-16 code units (lone surrogates too), graphemes, raw bytes, controls. */
export const anyText = fc.oneof(
  prototypeKey,
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: fc.constantFrom(' ', '\t', '\r', '\n', '\u0000', '\u200b', '\ufeff', '\u3000', '.', '。', ',', ':', '(', ')', '`', '"', '«', '＃', '１'), maxLength: 30 }),
);

/** Text built from the pieces a parser looks for and random text, joined by any of `separators`: reaches deep branches. */
export function piecesOf(pieces: fc.Arbitrary<string>, separators: readonly string[], maxPieces = 8): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(fc.oneof({ weight: 4, arbitrary: pieces }, { weight: 1, arbitrary: anyText }), fc.constantFrom(...separators)), { minLength: 1, maxLength: maxPieces })
    .map((parts) => parts.map(([piece, separator]) => piece + separator).join(''));
}

/** Randomly upper-cased, title-cased or full-width (what Japanese keyboards send). */
export function variantsOf(word: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const fullWidth = (s: string): string => s.replace(/[!-~]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  return fc.tuple(word, fc.constantFrom('same', 'upper', 'title', 'full-width')).map(([w, how]) =>
    how === 'upper' ? w.toUpperCase() : how === 'title' ? w.charAt(0).toUpperCase() + w.slice(1) : how === 'full-width' ? fullWidth(w) : w,
  );
}

/** Letters of internationalised domain names (Latin with marks, Cyrillic, Greek, CJK), ASCII letters and digits. */
const idnCharacter = fc.constantFrom('ü', 'ö', 'ä', 'ß', 'é', 'è', 'ñ', 'ç', 'ø', 'å', 'ł', 'ž', 'я', 'д', 'ж', 'α', 'ω', '中', '文', '日', '本', 'ö', 'a', 'b', 'm', 'z', '0', '7');
const idnLabel = fc.tuple(fc.string({ unit: idnCharacter, minLength: 1, maxLength: 12 }), fc.constantFrom('', '-x', 'x-y')).map(([a, b]) => a + b);
/** A unicode domain: müller.bücher.de, пример.рф, 中文.中国 (UTS #46 valid, by construction). */
export const unicodeDomain = fc
  .tuple(fc.array(idnLabel, { minLength: 1, maxLength: 3 }), fc.constantFrom('de', 'com', 'рф', '中国', 'jp', 'xn--p1ai', 'museum'))
  .map(([labels, tld]) => [...labels, tld].join('.'));

/** Local parts: RFC 5322 atext (with `$&'` that mean something to String.replace), unicode, dots. */
export const localPart = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'z', 'A', '0', '.', '_', '-', '+', '$', '&', "'", '!', '#', '%', '*', '/', '=', '?', '^', '`', '{', '|', '}', '~'), minLength: 1, maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('m', 'ü', 'l', 'e', 'r', 'ß', 'я', '中', '.', '_'), minLength: 1, maxLength: 20 }),
);
