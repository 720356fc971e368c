import type { Diagnose } from '../../../src/conversation/runner/runner-dependencies';
import type { Check, Finding, Report } from '../../../src/diagnosis/report';
import type { DiscoveryResult } from '../../../src/discovery/discovery-result';
import type { AccountSettings } from '../../../src/settings/server-settings';

export const ACME_DISCOVERY: DiscoveryResult = {
  email: 'alice@acme.com',
  domain: 'acme.com',
  incoming: [
    { settings: { protocol: 'imap', host: 'imap.acme.com', port: 993, security: 'tls' }, sources: ['autoconfig'], origin: 'autoconfig.acme.com' },
    { settings: { protocol: 'imap', host: 'imap.acme.com', port: 143, security: 'starttls' }, sources: ['guess'], origin: 'guess' },
  ],
  outgoing: [{ settings: { protocol: 'smtp', host: 'smtp.acme.com', port: 587, security: 'starttls' }, sources: ['autoconfig'], origin: 'autoconfig.acme.com' }],
  provider: { id: 'acme', name: 'Acme Mail', notes: [] },
  conflicts: [],
  durationMs: 12,
};

export const EMPTY_DISCOVERY: DiscoveryResult = { ...ACME_DISCOVERY, incoming: [], outgoing: [], conflicts: [] };
delete (EMPTY_DISCOVERY as { provider?: unknown }).provider;

export function check(name: string, status: Check['status'] = 'pass', target: Check['target'] = 'incoming'): Check {
  return { name, target, status, ms: 3, detail: `${name} ${status}` };
}

export const CERT_EXPIRED: Finding = {
  cause: 'tls.cert_expired',
  severity: 'error',
  target: 'incoming',
  evidence: 'certificate for imap.acme.com expired on 2026-10-01',
  fix: { summary: 'Renew the certificate', steps: ['Renew it', 'Reload the server'], settings: { port: 993, security: 'tls' } },
  facts: { host: 'imap.acme.com', notAfter: '2026-10-01' },
};

/** The user chose STARTTLS on 993, a port that speaks TLS at once: a fix that changes a setting. */
export const STARTTLS_ON_993: Finding = {
  cause: 'tls.starttls_on_implicit_port',
  severity: 'error',
  target: 'incoming',
  evidence: 'port 993 speaks TLS at once',
  fix: { summary: 'Change security to SSL/TLS', steps: [], settings: { port: 993, security: 'tls' } },
  facts: { host: 'imap.acme.com', port: 993 },
};

export function report(findings: Finding[] = [CERT_EXPIRED], settings: AccountSettings = { email: 'alice@acme.com' }): Report {
  const hasError = findings.some((f) => f.severity === 'error');
  return {
    verdict: hasError ? 'problem' : findings.some((f) => f.severity === 'warning') ? 'warning' : 'ok',
    settings,
    findings,
    checks: [check('dns'), check('tcp'), check('tls', hasError ? 'fail' : 'pass')],
    vantage: { host: 'bot-1', description: 'Checked from the bot network (bot-1), not from your device.' },
    durationMs: 412,
  };
}

/** What a broken resolver on the bot's side throws: the raw text no chat may show (issue 20.6). */
export const ENGINE_FAILURE = 'getaddrinfo EAI_AGAIN resolver.internal:53 (ECONNREFUSED 10.0.0.2)';

/** An engine that reports one check, then throws ENGINE_FAILURE: a diagnosis that stops mid-way. */
export const failingEngine: Diagnose = async (request) => {
  request.options?.onProgress?.(check('dns'));
  await new Promise((resolve) => setTimeout(resolve, 20));
  throw new Error(ENGINE_FAILURE);
};
