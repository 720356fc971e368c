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
