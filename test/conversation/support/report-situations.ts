import type { Diagnose } from '../../../src/conversation/runner/runner-dependencies';
import type { Report } from '../../../src/diagnosis/report';
import { DiagnosisLimits } from '../../../src/policy/limits/diagnosis-limits';
import { check, report } from './fixtures';

/** The user's own settings behind STARTTLS_ON_993 (STARTTLS on 993) and CERT_EXPIRED (SSL/TLS on 993). */
export const STARTTLS_SETTINGS: Report['settings'] = { incoming: { protocol: 'imap', host: 'imap.acme.com', port: 993, security: 'starttls' } };
export const CERT_SETTINGS: Report['settings'] = { incoming: { protocol: 'imap', host: 'imap.acme.com', port: 993, security: 'tls' } };

/**
 * An engine that reports whatever the test shows next, after one progress step: each situation
 * of the report's buttons (a user's fix, a server's fault) is one `show` away.
 */
export function scriptedReports(): { diagnose: Diagnose; show(next: Report): void } {
  let next: Report = report();
  return {
    diagnose: async (request) => {
      request.options?.onProgress?.(check('dns'));
      return next;
    },
    show: (shown) => {
      next = shown;
    },
  };
}

/** One check per user and ten minutes: a user's second "check again" is refused (a limit that holds). */
export function oneCheckPerUser(): DiagnosisLimits {
  return new DiagnosisLimits({ user: { limit: 1, windowMs: 600_000 }, workspace: { limit: 100, windowMs: 600_000 }, maxConcurrent: 4, maxConnections: 8 });
}
