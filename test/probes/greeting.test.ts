import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { type Greeting, classifyBanner, readGreeting } from '../../src/probes/greeting';
import { LineReader } from '../../src/probes/line-reader';
import { connectTcp } from '../../src/probes/tcp';
import { createTestPki } from '../support/certs';
import * as hostile from '../support/hostile-servers';

/** Connects to a raw server running `behaviour` and reads its greeting. */
async function greetingFrom(behaviour: hostile.Behaviour, timeoutMs = 1000, before?: (reader: LineReader) => void): Promise<Greeting> {
  const server = await hostile.startRawServer(behaviour);
  try {
    return await greetingAt(server.port, timeoutMs, before);
  } finally {
    await server.close();
  }
}

async function greetingAt(port: number, timeoutMs: number, before?: (reader: LineReader) => void): Promise<Greeting> {
  const connected = await connectTcp('127.0.0.1', port, { timeoutMs: 2000 });
  assert.ok(connected.ok, 'test server must accept');
  const reader = new LineReader(connected.socket);
  before?.(reader);
  try {
    return await readGreeting(reader, { timeoutMs });
  } finally {
    connected.socket.destroy();
  }
}

describe('probes/greeting', () => {
  describe('classifyBanner', () => {
    const table: Array<[string, string, string | undefined]> = [
      ['* OK [CAPABILITY IMAP4rev1 STARTTLS] Dovecot ready.', 'imap_ok', 'imap'],
      ['* ok hello', 'imap_ok', 'imap'],
      ['* PREAUTH [CAPABILITY IMAP4rev1] Logged in as joe', 'imap_preauth', 'imap'],
      ['* BYE Too many connections from your IP', 'imap_bye', 'imap'],
      ['+OK POP3 ready <1896.697170952@dbc.mtview.ca.us>', 'pop3_ok', 'pop3'],
      ['-ERR [SYS/TEMP] server busy', 'pop3_err', 'pop3'],
      ['220 mx.example.com ESMTP Postfix', 'smtp_ready', 'smtp'],
      ['220-mx.example.com ESMTP\n220 ready', 'smtp_ready', 'smtp'],
      ['220', 'smtp_ready', 'smtp'],
      ['421 4.7.0 mx.example.com Too many connections', 'smtp_unavailable', 'smtp'],
      ['554 5.7.1 Your IP is listed at zen.spamhaus.org', 'smtp_rejected', 'smtp'],
      ['550 no service for you', 'smtp_rejected', 'smtp'],
      ['220 *****', 'mangled', 'smtp'],
      [`220 ${'*'.repeat(37)}`, 'mangled', 'smtp'],
      ['220 ****************0*****0***2002 ***', 'mangled', 'smtp'],
      ['220 mail.example.com ESMTP *** no UCE ***', 'smtp_ready', 'smtp'],
      ['HTTP/1.1 400 Bad Request', 'garbage', undefined],
      ['SSH-2.0-OpenSSH_9.6', 'garbage', undefined],
      ['200 OK', 'garbage', undefined],
      ['\x00\x01\xfe\xff', 'garbage', undefined],
      ['', 'garbage', undefined],
      ['\x15\x03\x03\x00\x02\x02\x46', 'tls_record', undefined],
      ['\x16\x03\x01\x00\x2a\x02', 'tls_record', undefined],
    ];
    for (const [banner, kind, protocol] of table) {
      it(`${JSON.stringify(banner.slice(0, 40))} -> ${kind}`, () => {
        const result = classifyBanner(banner);
        assert.equal(result.kind, kind);
        assert.equal(result.protocol, protocol);
      });
    }
  });

  describe('readGreeting from real servers', () => {
    it('IMAP * OK with capabilities in the greeting', async () => {
      const g = await greetingFrom(hostile.banner('* OK [CAPABILITY IMAP4rev1 STARTTLS] ready'));
      assert.equal(g.kind, 'imap_ok');
      assert.equal(g.protocol, 'imap');
      assert.deepEqual(g.capabilities, ['IMAP4REV1', 'STARTTLS']);
      assert.equal(g.text, '* OK [CAPABILITY IMAP4rev1 STARTTLS] ready');
    });

    it('IMAP * OK without capabilities', async () => {
      const g = await greetingFrom(hostile.banner('* OK IMAP server ready'));
      assert.equal(g.kind, 'imap_ok');
      assert.equal(g.capabilities, undefined);
    });

    it('IMAP * PREAUTH and * BYE', async () => {
      assert.equal((await greetingFrom(hostile.banner('* PREAUTH welcome back'))).kind, 'imap_preauth');
      const bye = await greetingFrom(hostile.banner('* BYE [UNAVAILABLE] too many connections'));
      assert.equal(bye.kind, 'imap_bye');
      assert.match(bye.text, /UNAVAILABLE/);
    });

    it('POP3 +OK and -ERR', async () => {
      assert.equal((await greetingFrom(hostile.banner('+OK Dovecot ready.'))).kind, 'pop3_ok');
      assert.equal((await greetingFrom(hostile.banner('-ERR [SYS/TEMP] busy'))).kind, 'pop3_err');
    });

    it('SMTP multi-line 220 is read to its final line', async () => {
      const g = await greetingFrom(hostile.banner('220-mx.example.com ESMTP', '220-no UCE', '220 ready'));
      assert.equal(g.kind, 'smtp_ready');
      assert.equal(g.protocol, 'smtp');
      assert.equal(g.text, '220-mx.example.com ESMTP\n220-no UCE\n220 ready');
    });

    it('SMTP 421, 554 and a masked 220 ****', async () => {
      assert.equal((await greetingFrom(hostile.banner('421 4.7.0 Too many connections'))).kind, 'smtp_unavailable');
      assert.equal((await greetingFrom(hostile.banner('554 5.7.1 You are listed'))).kind, 'smtp_rejected');
      const masked = await greetingFrom(hostile.mangledSmtp);
      assert.equal(masked.kind, 'mangled');
      assert.equal(masked.protocol, 'smtp');
    });

    it('a multi-line SMTP banner that stalls past the deadline is silent, with its protocol and text', async () => {
      const g = await greetingFrom(hostile.stalledBanner(2000, ['220-mx.example.com ESMTP'], ['220 ready']), 300);
      assert.equal(g.kind, 'silent');
      assert.equal(g.protocol, 'smtp');
      assert.equal(g.text, '220-mx.example.com ESMTP');
    });

    it('an implicit-TLS server sends nothing first: silent near the deadline', async () => {
      const leaf = createTestPki().issue({ commonName: 'localhost' });
      const server = tls.createServer({ key: leaf.key, cert: leaf.cert });
      server.on('tlsClientError', () => {});
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const g = await greetingAt((server.address() as AddressInfo).port, 300);
        assert.equal(g.kind, 'silent');
        assert.equal(g.text, '');
        assert.ok(g.ms >= 295 && g.ms < 1000, `ms=${g.ms}`);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('a TLS alert record is tls_record, sent at once or in reply to plaintext', async () => {
      const atOnce = await greetingFrom(hostile.tlsAlertAtOnce);
      assert.equal(atOnce.kind, 'tls_record');
      assert.match(atOnce.text, /^\\x15\\x03\\x03/);
      const reply = await greetingFrom(hostile.tlsAlertOnPlaintext, 1000, (reader) => reader.writeLine('a1 CAPABILITY'));
      assert.equal(reply.kind, 'tls_record');
    });

    it('silence is silent near the deadline', async () => {
      const g = await greetingFrom(hostile.silent, 300);
      assert.equal(g.kind, 'silent');
      assert.equal(g.protocol, undefined);
      assert.ok(g.ms >= 295 && g.ms < 1000, `ms=${g.ms}`);
    });

    it('an immediate close is closed', async () => {
      const g = await greetingFrom(hostile.closesAtOnce);
      assert.equal(g.kind, 'closed');
      assert.ok(g.ms < 1000);
    });

    it('a reset is reset', async () => {
      const g = await greetingFrom(hostile.resets);
      assert.equal(g.kind, 'reset');
      assert.match(g.text, /ECONNRESET/);
    });

    it('binary garbage is garbage, printed safely', async () => {
      const g = await greetingFrom(hostile.binaryGarbage);
      assert.equal(g.kind, 'garbage');
      assert.equal(g.text, '\\x00\\x01\\x02\\xfe\\xff\\x80\\x1b[\\x07');
    });

    it('a slow greeting arrives and ms reflects the delay', async () => {
      const g = await greetingFrom(hostile.slowBanner(400, '220 slow.example.com ESMTP'), 2000);
      assert.equal(g.kind, 'smtp_ready');
      assert.ok(g.ms >= 390 && g.ms < 1500, `ms=${g.ms}`);
    });
  });

  describe('bounded whatever the server sends', () => {
    async function bounded(behaviour: hostile.Behaviour): Promise<Greeting> {
      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      const g = await greetingFrom(behaviour, 2000);
      const grownMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
      assert.ok(grownMb < 20, `heap grew by ${grownMb.toFixed(1)} MB`);
      assert.ok(g.ms < 2000 + 200, `ms=${g.ms}`);
      assert.ok(g.text.length <= 401, `text length ${g.text.length}`);
      return g;
    }

    it('an endless banner without a newline ends as overflow', async () => {
      const g = await bounded(hostile.endlessBanner);
      assert.equal(g.kind, 'overflow');
      assert.equal(g.protocol, 'smtp');
    });

    it('1 MB of junk ends with a bounded garbage result', async () => {
      const g = await bounded(hostile.junk);
      assert.ok(['garbage', 'overflow'].includes(g.kind), g.kind);
    });

    it('an endless multi-line banner stops after a bounded number of lines', async () => {
      const lines = Array.from({ length: 500 }, (_, i) => `220-line ${i}`);
      const g = await bounded(hostile.banner(...lines));
      assert.equal(g.kind, 'overflow');
      assert.equal(g.protocol, 'smtp');
    });
  });
});
