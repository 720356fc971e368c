import assert from 'node:assert/strict';
import sinon from 'sinon';
import { LINK_TTL_MS, LoginLinks } from '../../src/secure-login/login-links';

describe('secure login: one-time links', function () {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => (clock = sinon.useFakeTimers({ now: new Date('2026-03-01T09:00:00Z') })));
  afterEach(() => clock.restore());

  it('a link is bound to its conversation and works until it is used', function () {
    const links = new LoginLinks();
    const { token, expiresAt } = links.issue('conv-1', 'alice@example.com', 'fr');
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(expiresAt, Date.now() + LINK_TTL_MS);
    const seen = links.peek(token);
    assert.ok(seen.ok);
    assert.equal(seen.record.conversationKey, 'conv-1');
    assert.equal(seen.record.language, 'fr');
    assert.ok(links.peek(token).ok, 'looking does not use it up');
    assert.ok(links.consume(token).ok);
    assert.deepEqual(links.consume(token), { ok: false, reason: 'used' });
    assert.deepEqual(links.peek(token), { ok: false, reason: 'used' });
  });

  it('expires after exactly 10 minutes', function () {
    const links = new LoginLinks();
    const { token } = links.issue('conv-1', 'alice');
    clock.tick(LINK_TTL_MS - 1);
    assert.ok(links.peek(token).ok);
    clock.tick(1);
    assert.deepEqual(links.peek(token), { ok: false, reason: 'expired' });
    assert.deepEqual(links.consume(token), { ok: false, reason: 'expired' });
  });

  it('unknown tokens are refused; tokens are random and not kept in clear', function () {
    const links = new LoginLinks();
    const a = links.issue('conv-1', 'alice').token;
    const b = links.issue('conv-2', 'bob').token;
    assert.notEqual(a, b);
    assert.deepEqual(links.peek('x'.repeat(43)), { ok: false, reason: 'unknown' });
    const kept = JSON.stringify([...(links as unknown as { links: Map<string, unknown> }).links.keys()]);
    assert.ok(!kept.includes(a) && !kept.includes(b));
  });

  it('a new link for the same conversation ends the older one; other conversations keep theirs', function () {
    const links = new LoginLinks();
    const first = links.issue('conv-1', 'alice').token;
    const other = links.issue('conv-2', 'bob').token;
    const second = links.issue('conv-1', 'alice').token;
    assert.deepEqual(links.peek(first), { ok: false, reason: 'used' });
    assert.ok(links.peek(second).ok);
    assert.ok(links.peek(other).ok);
  });

  it('revoke() ends the conversation’s link', function () {
    const links = new LoginLinks();
    const { token } = links.issue('conv-1', 'alice');
    links.revoke('conv-1');
    assert.deepEqual(links.peek(token), { ok: false, reason: 'used' });
  });

  it('each link has its own CSRF token', function () {
    const links = new LoginLinks();
    const a = links.peek(links.issue('conv-1', 'alice').token);
    const b = links.peek(links.issue('conv-2', 'bob').token);
    assert.ok(a.ok && b.ok);
    assert.notEqual(a.record.csrfToken, b.record.csrfToken);
  });

  it('old links are forgotten after an hour, so the table stays small', function () {
    const links = new LoginLinks();
    for (let i = 0; i < 50; i++) links.issue(`conv-${i}`, 'u');
    clock.tick(LINK_TTL_MS + 60 * 60 * 1000 + 1);
    links.issue('fresh', 'u');
    assert.equal(links.size, 1);
  });
});
