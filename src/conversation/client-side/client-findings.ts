import type { ClientAssessment } from '../../diagnosis/client-output/assess-client-output';
import type { Target } from '../../settings/server-settings';
import type { LocalizableFinding } from '../localizable-finding';
import { text } from '../text';

/** Literal keys per variant, so the locale check sees each is used. */
const PORT_EVIDENCE: Readonly<Record<string, string>> = {
  refused: 'conversation:client_finding.port_refused',
  timeout: 'conversation:client_finding.port_timeout',
  unreachable: 'conversation:client_finding.port_unreachable',
  failed: 'conversation:client_finding.port_failed',
};

const DNS_EVIDENCE: Readonly<Record<string, string>> = {
  nxdomain: 'conversation:client_finding.dns_nxdomain',
  servfail: 'conversation:client_finding.dns_servfail',
  refused: 'conversation:client_finding.dns_refused',
  timeout: 'conversation:client_finding.dns_timeout',
  no_address: 'conversation:client_finding.dns_no_address',
  failed: 'conversation:client_finding.dns_failed',
  mismatch: 'conversation:client_finding.dns_mismatch',
};

const TLS_EVIDENCE: Readonly<Record<string, string>> = {
  product: 'conversation:client_finding.tls_product',
  self_signed: 'conversation:client_finding.tls_self_signed',
  untrusted: 'conversation:client_finding.tls_untrusted',
};

/** Puts what the user's output proves into the conversation's own findings. */
export function clientFinding(assessment: ClientAssessment, target: Target | 'account'): LocalizableFinding {
  const facts = assessment.facts;
  switch (assessment.cause) {
    case 'client.port_blocked':
      return {
        cause: assessment.cause,
        severity: 'error',
        target,
        evidence: text(PORT_EVIDENCE[assessment.variant] ?? 'conversation:client_finding.port_failed', facts),
        fix: {
          summary: text('conversation:client_finding.port_fix', facts),
          steps: [
            text('conversation:client_finding.port_step_network'),
            text('conversation:client_finding.port_step_firewall', facts),
            text('conversation:client_finding.port_step_it', facts),
          ],
        },
        facts,
      };
    case 'client.dns_failure':
      return {
        cause: assessment.cause,
        severity: 'error',
        target,
        evidence: text(DNS_EVIDENCE[assessment.variant] ?? 'conversation:client_finding.dns_failed', facts),
        fix: {
          summary: text('conversation:client_finding.dns_fix'),
          steps: [
            text('conversation:client_finding.dns_step_flush'),
            text('conversation:client_finding.dns_step_network'),
            text('conversation:client_finding.dns_step_it'),
          ],
        },
        facts,
      };
    case 'client.tls_intercepted':
      return {
        cause: assessment.cause,
        severity: 'error',
        target,
        evidence: text(TLS_EVIDENCE[assessment.variant] ?? 'conversation:client_finding.tls_untrusted', facts),
        fix: {
          summary: text('conversation:client_finding.tls_fix'),
          steps: [text('conversation:client_finding.tls_step_antivirus'), text('conversation:client_finding.tls_step_proxy')],
        },
        facts,
      };
  }
}

/** The user's device reaches everything too: then the app itself is set up wrong. */
export function clientClear(servers: string): LocalizableFinding {
  return {
    cause: 'client.side_suspected',
    severity: 'info',
    target: 'account',
    evidence: text('conversation:client_finding.clear', { servers }),
    fix: {
      summary: text('conversation:client_finding.clear_fix'),
      steps: [
        text('conversation:client_finding.clear_step_settings'),
        text('conversation:client_finding.clear_step_readd'),
        text('conversation:client_finding.clear_step_password'),
      ],
    },
    facts: { servers },
  };
}
