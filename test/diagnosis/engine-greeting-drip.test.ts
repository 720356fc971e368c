import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { translator } from '../../src/i18n/translator';
import { checkDetail } from '../../src/report-document/check-detail';
import type { Protocol } from '../../src/settings/server-settings';
import type { Behaviour } from '../support/hostile-servers';
import { silent } from '../support/hostile-servers';
import { findingFor } from './harness';
import { useEngineSuite } from './servers';

const TIMEOUT_MS = 600;
/** Each byte well inside the step's deadline, the whole greeting far outside it. */
const BYTE_EVERY_MS = 40;

/** A server that sends its greeting one byte at a time (as test/lab/drip-server.js does on 143). */
function dripsGreeting(greeting: string): Behaviour {
  return (socket: Socket) => {
    let i = 0;
    const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : socket.write(greeting[i++ % greeting.length]!)), BYTE_EVERY_MS);
    socket.on('close', () => clearInterval(timer));
  };
}

/** A multi-line SMTP banner whose first line comes and whose last never does. */
const stallingSmtpBanner: Behaviour = (socket) => socket.write('220-smtp.mail.test ESMTP please wait\r\n');

const GREETINGS: Record<Protocol, string> = {
  imap: '* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] a greeting that takes many seconds to arrive\r\n',
  pop3: '+OK a POP3 greeting that takes many seconds to arrive\r\n',
  smtp: '220 smtp.mail.test ESMTP a greeting that takes many seconds to arrive\r\n',
};
const HOSTS: Record<Protocol, string> = { imap: 'imap.mail.test', pop3: 'pop.mail.test', smtp: 'smtp.mail.test' };

/** The finding's words in each language when the greeting started and did not finish. */
const STARTED: Record<string, RegExp> = {
  en: /port \d+ started a greeting but did not finish it within \d+ ms/,
  de: /Port \d+ hat eine Begrüßung begonnen, aber innerhalb von \d+ ms nicht beendet/,
  es: /puerto \d+ empezó un saludo pero no lo terminó en \d+ ms/,
  fr: /port \d+ a commencé un accueil mais ne l'a pas terminé en \d+ ms/,
  ja: /のポート \d+ はあいさつを送り始めましたが、\d+ ミリ秒以内に送り終えませんでした/,
  'pt-BR': /porta \d+ começou uma saudação, mas não a terminou em \d+ ms/,
};

/**
 * A greeting that began and did not finish in time is reported as such, not as "sent no
 * greeting" (the closing note of issue 12 left that wording): on every protocol, in every
 * language, in the finding and in the greeting check's line.
 */
describe('engine: a greeting that started but did not finish is named so', function () {
  const { h, servers } = useEngineSuite();

  const run = async (protocol: Protocol, behaviour: Behaviour, language = 'en') => {
    const port = await servers.raw(behaviour);
    const target = protocol === 'smtp' ? 'outgoing' : 'incoming';
    const report = await h.run({ [target]: { protocol, host: HOSTS[protocol], port, security: 'starttls' } }, { allowPorts: [port], timeoutMs: TIMEOUT_MS }, language);
    return { report, finding: findingFor(report, 'server.slow_greeting'), greeting: report.checks.find((c) => c.name === 'greeting' && c.target === target)! };
  };

  for (const protocol of ['imap', 'pop3', 'smtp'] as const) {
    it(`${protocol}: its greeting dripped byte by byte → "started a greeting but did not finish it", the bytes that came in the check`, async () => {
      const { finding, greeting } = await run(protocol, dripsGreeting(GREETINGS[protocol]));
      assert.equal(finding.severity, 'error');
      assert.match(finding.evidence, STARTED.en!);
      assert.doesNotMatch(finding.evidence, /no greeting/);
      assert.ok(GREETINGS[protocol].startsWith(greeting.about!.values!.text as string), JSON.stringify(greeting.about));
      assert.match(checkDetail(translator('en'), greeting, 'en'), /^greeting started, not finished: /);
    });
  }

  it('smtp: a multi-line banner that stalls after its first line is a started greeting too', async () => {
    const { finding, greeting } = await run('smtp', stallingSmtpBanner);
    assert.match(finding.evidence, STARTED.en!);
    assert.match(checkDetail(translator('en'), greeting, 'en'), /^greeting started, not finished: 220-smtp\.mail\.test ESMTP please wait/);
  });

  it('a server that says nothing at all still "sent no greeting"', async () => {
    const { finding, greeting } = await run('imap', silent);
    assert.match(finding.evidence, /port \d+ sent no greeting within \d+ ms/);
    assert.equal(checkDetail(translator('en'), greeting, 'en'), 'no greeting');
  });

  for (const language of Object.keys(STARTED).filter((l) => l !== 'en')) {
    it(`${language}: the dripped IMAP greeting in the user's language`, async () => {
      const { finding } = await run('imap', dripsGreeting(GREETINGS.imap), language);
      assert.match(finding.evidence, STARTED[language]!);
    });
  }
});
