import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientCommand } from '../../src/conversation/client-side/client-commands';
import type { Effect } from '../../src/conversation/effects';
import { effectTypes, find, lastAsk, shownKeys } from './support/driver';
import { check, report } from './support/fixtures';
import { reach } from './support/reach';

function codeOf(effects: readonly Effect[]): string {
  const ask = lastAsk(effects);
  const question = ask?.question;
  if (!question || !('lines' in question)) return '';
  return question.lines.map((l) => ('code' in l ? l.code : '')).join('');
}

/** A report as the engine gives it when everything works, with the address its DNS check found. */
function healthyReport() {
  const r = report([]);
  r.checks = [{ ...check('dns'), detail: '203.0.113.10' }, check('tcp'), check('tls')];
  return r;
}

function fixture(name: string): string {
  return readFileSync(join(__dirname, 'client-output', 'fixtures', `${name}.txt`), 'utf8');
}

describe('conversation: the user\'s side (everything works from here)', () => {
  it('shows the report, then asks which system the app is on', () => {
    const d = reach('ask_os');
    const report = d.log.find((e) => e.type === 'report');
    assert.ok(report && report.type === 'report');
    assert.deepEqual(report.extraFindings.map((f) => f.cause), ['client.side_suspected']);
    assert.deepEqual(report.actions, []);
    assert.deepEqual(lastAsk(d.log)?.choices.map((c) => c.id), ['windows', 'macos', 'linux', 'skip_client']);
  });

  it('gives the one command for the chosen system, typed or picked', () => {
    for (const [answer, expected] of [['windows', /Test-NetConnection imap\.acme\.com -Port 993/], ['Mac', /nc -vz -w 5 imap\.acme\.com 993/], ['3', /dig \+noall \+comments \+answer imap\.acme\.com/]] as const) {
      const d = reach('ask_os');
      const effects = d.reply(answer);
      assert.equal(d.step, 'await_client_output');
      assert.match(codeOf(effects), expected, answer);
      assert.ok(shownKeys(effects).includes('conversation:client.paste'));
    }
  });

  it('reads a pasted output showing a blocked port into a report that says so', () => {
    const d = reach('ask_os');
    d.send({ type: 'choice', choiceId: 'linux' });
    const pasted = fixture('nc-timeout').replace('192.0.2.1', 'imap.acme.com');
    const effects = d.reply(pasted);
    const shown = find(effects, 'report');
    assert.deepEqual(shown?.extraFindings.map((f) => [f.cause, f.severity, f.target]), [['client.port_blocked', 'error', 'incoming']]);
    assert.deepEqual(shown?.extraFindings[0]?.evidence, { key: 'conversation:client_finding.port_timeout', values: { host: 'imap.acme.com', port: 993, tool: 'nc' } });
    assert.deepEqual(shown?.actions.map((a) => a.id), ['again', 'another', 'helpdesk', 'details', 'done']);
    assert.equal(d.step, 'report');
  });

  it('compares the user\'s DNS answer with the bot\'s', () => {
    const d = reach('running');
    d.send({ type: 'diagnosis_finished', runId: d.requestId, report: healthyReport() });
    d.pick('windows');
    const effects = d.reply(fixture('powershell-tnc-ok').replace(/imap\.acme\.test/g, 'imap.acme.com').replace('203.0.113.10', '10.9.8.7'));
    const finding = find(effects, 'report')?.extraFindings[0];
    assert.equal(finding?.cause, 'client.dns_failure');
    assert.deepEqual(finding?.facts, { name: 'imap.acme.com', theirs: '10.9.8.7', ours: '203.0.113.10', resolver: '', tool: 'Test-NetConnection' });
  });

  it('an antivirus certificate is named', () => {
    const d = reach('await_client_output');
    const effects = d.reply(fixture('powershell-cert-kaspersky'));
    assert.deepEqual(find(effects, 'report')?.extraFindings.map((f) => [f.cause, f.facts.product]), [['client.tls_intercepted', 'Kaspersky']]);
  });

  it('a healthy paste says the app itself is the problem', () => {
    const d = reach('await_client_output');
    const effects = d.reply([fixture('powershell-resolve-ok'), fixture('powershell-tnc-ok'), fixture('powershell-cert')].join('\n').replace(/imap\.acme\.test/g, 'imap.acme.com'));
    const finding = find(effects, 'report')?.extraFindings[0];
    assert.equal(finding?.cause, 'client.side_suspected');
    assert.deepEqual(finding?.evidence, { key: 'conversation:client_finding.clear', values: { servers: 'imap.acme.com:993' } });
  });

  it('text that is no command output gets an explanation and the command again', () => {
    const d = reach('await_client_output');
    const effects = d.reply('I did it but nothing happened');
    assert.ok(shownKeys(effects).includes('conversation:client.unreadable'));
    assert.match(codeOf(effects), /nc -vz/);
    assert.equal(d.step, 'await_client_output');
  });

  it('skipping at either question leads to the report\'s next steps', () => {
    for (const step of ['ask_os', 'await_client_output'] as const) {
      const d = reach(step);
      const effects = d.pick('skip_client');
      assert.equal(d.step, 'report');
      assert.deepEqual(lastAsk(effects)?.choices.map((c) => c.id), ['again', 'another', 'helpdesk', 'details', 'done']);
    }
  });

  it('after the client report, "run again" starts over without old client findings', () => {
    const d = reach('await_client_output');
    d.reply(fixture('nc-refused'));
    const effects = d.pick('again');
    assert.ok(find(effects, 'diagnose'));
    assert.deepEqual(d.state?.clientFindings, []);
  });

  it('cancel works here too', () => {
    const d = reach('await_client_output');
    assert.deepEqual(effectTypes(d.reply('cancel')), ['say', 'end']);
  });
});

describe('client commands', () => {
  it('use STARTTLS for STARTTLS ports and skip TLS for plain ones', () => {
    const command = clientCommand('linux', [
      { protocol: 'imap', host: 'imap.acme.com', port: 143, security: 'starttls' },
      { protocol: 'smtp', host: 'smtp.acme.com', port: 25, security: 'none' },
    ]);
    const [imap, smtp] = command.split('\n');
    assert.match(imap ?? '', /openssl s_client -starttls imap -connect imap\.acme\.com:143 -servername imap\.acme\.com/);
    assert.doesNotMatch(smtp ?? '', /openssl/);
  });

  it('leave out DNS and SNI for an IP address, and the certificate check on Windows for STARTTLS', () => {
    assert.equal(
      clientCommand('macos', [{ protocol: 'imap', host: '192.0.2.7', port: 993, security: 'tls' }]),
      "nc -vz -w 5 192.0.2.7 993; openssl s_client -connect 192.0.2.7:993 </dev/null 2>&1 | grep -E 'subject=|issuer=|Verify return|errno'",
    );
    assert.equal(clientCommand('windows', [{ protocol: 'smtp', host: 'smtp.acme.com', port: 587, security: 'starttls' }]), 'Resolve-DnsName smtp.acme.com; Test-NetConnection smtp.acme.com -Port 587');
  });

  it('never put anything but a host name into a shell command', () => {
    assert.equal(clientCommand('linux', [{ protocol: 'imap', host: 'x.com; rm -rf ~', port: 993, security: 'tls' }]), '');
  });
});
