import assert from 'node:assert/strict';
import { describeConflict, findConflicts } from '../../src/discovery/conflicts';
import type { DiscoverySource } from '../../src/discovery/discovery-result';
import { rankCandidates } from '../../src/discovery/rank';
import type { Found } from '../../src/discovery/source-context';
import type { Protocol, Security } from '../../src/settings/server-settings';

function found(source: DiscoverySource, protocol: Protocol, host: string, port: number, security: Security): Found {
  return { settings: { protocol, host, port, security }, source, origin: `${source}:${host}` };
}

const describe_ = (list: { settings: { host: string; port: number; security: string }; sources: string[] }[]) =>
  list.map((c) => `${c.settings.host}:${c.settings.port}/${c.settings.security} [${c.sources.join(',')}]`);

describe('discovery/rank and conflicts', function () {
  it('ranks TLS over STARTTLS over plain, whatever the source order', function () {
    const { incoming, outgoing } = rankCandidates([
      found('guess', 'imap', 'mail.acme.test', 143, 'none'),
      found('srv', 'imap', 'mail.acme.test', 143, 'starttls'),
      found('srv', 'imap', 'mail.acme.test', 993, 'tls'),
      found('srv', 'smtp', 'mail.acme.test', 587, 'starttls'),
      found('srv', 'smtp', 'mail.acme.test', 465, 'tls'),
    ]);
    assert.deepEqual(describe_(incoming), ['mail.acme.test:993/tls [srv]', 'mail.acme.test:143/starttls [srv]', 'mail.acme.test:143/none [guess]']);
    assert.deepEqual(describe_(outgoing), ['mail.acme.test:465/tls [srv]', 'mail.acme.test:587/starttls [srv]']);
  });

  it('merges the same settings from several sources and prefers what more sources agree on', function () {
    const { incoming } = rankCandidates([
      found('srv', 'imap', 'other.acme.test', 993, 'tls'),
      found('autoconfig', 'imap', 'IMAP.acme.test', 993, 'tls'),
      found('srv', 'imap', 'imap.acme.test', 993, 'tls'),
    ]);
    assert.deepEqual(describe_(incoming), ['imap.acme.test:993/tls [autoconfig,srv]', 'other.acme.test:993/tls [srv]']);
    assert.deepEqual(incoming[0]?.origins, ['autoconfig:IMAP.acme.test', 'srv:imap.acme.test']);
  });

  it('puts IMAP before POP3 at equal security, then the more trusted source', function () {
    const { incoming } = rankCandidates([
      found('mx', 'imap', 'b.test', 993, 'tls'),
      found('provider', 'pop3', 'pop.a.test', 995, 'tls'),
      found('provider', 'imap', 'a.test', 993, 'tls'),
    ]);
    assert.deepEqual(describe_(incoming), ['a.test:993/tls [provider]', 'b.test:993/tls [mx]', 'pop.a.test:995/tls [provider]']);
  });

  it('keeps each source’s own order (SRV priority) as the last tie-break', function () {
    const { incoming } = rankCandidates([found('srv', 'imap', 'first.test', 993, 'tls'), found('srv', 'imap', 'second.test', 993, 'tls')]);
    assert.deepEqual(describe_(incoming), ['first.test:993/tls [srv]', 'second.test:993/tls [srv]']);
  });

  it('shows sources that publish a protocol with nothing in common as a conflict', function () {
    const finds = [
      found('autoconfig', 'imap', 'imap.acme.test', 993, 'tls'),
      found('srv', 'imap', 'mail.acme.test', 993, 'tls'),
      found('srv', 'smtp', 'smtp.acme.test', 587, 'starttls'),
      found('autoconfig', 'smtp', 'smtp.acme.test', 587, 'starttls'),
      found('autoconfig', 'smtp', 'smtp.acme.test', 465, 'tls'),
    ];
    const conflicts = findConflicts(finds);
    assert.equal(conflicts.length, 1, 'SMTP agrees on one setting, so it is no conflict');
    assert.equal(describeConflict(conflicts[0]!), 'imap: autoconfig imap://imap.acme.test:993 (tls) vs srv imap://mail.acme.test:993 (tls)');
  });
});
