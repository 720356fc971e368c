import type { Translate } from '../i18n/translator';
import { displayHost } from '../settings/host-names';
import { causeRank } from './causes';
import type { RawFinding } from './raw-finding';
import type { Facts, Finding } from './report';

/**
 * Puts raw findings into words in one language. The texts live in locales/<lang>/causes.json
 * under the cause id: `evidence` (with an i18next context per variant), `fix`, `steps`, and
 * `fix_verified` when the bot found settings that work.
 */
export function localizeFinding(raw: RawFinding, t: Translate): Finding {
  const key = `causes:${raw.cause}`;
  const facts = readableFacts(raw.facts, t);
  const options = { ...facts, context: raw.variant };
  // Steps follow the variant too (a domain typo needs other steps than a server-name typo).
  const steps = t(`${key}.steps`, { ...facts, context: raw.variant, returnObjects: true }) as unknown;
  const verified = raw.fixSettings
    ? t(fixKey(raw), {
        ...facts,
        ...raw.fixSettings,
        ...(raw.fixSettings.host ? { host: displayHost(raw.fixSettings.host) } : {}),
        security: t(`cli:security.${raw.fixSettings.security}`),
      })
    : raw.fixCandidate
      ? // Answers, but not verified end to end: say what it still needs.
        t(raw.fixCandidate.needs === 'login' ? 'causes:fix_needs_login' : 'causes:fix_needs_certificate', {
          ...facts,
          port: raw.fixCandidate.port,
          security: t(`cli:security.${raw.fixCandidate.security}`),
        })
      : undefined;
  return {
    cause: raw.cause,
    severity: raw.severity,
    target: raw.target,
    evidence: t(`${key}.evidence`, options),
    fix: {
      summary: verified ?? t(`${key}.fix`, options),
      steps: Array.isArray(steps) ? steps.map(String) : [],
      ...(raw.fixSettings ? { settings: raw.fixSettings } : {}),
    },
    facts: raw.facts,
  };
}

/** Say only what changes: port 143 with no encryption needs "security to STARTTLS", not "port to 143". */
function fixKey(raw: RawFinding): string {
  const fix = raw.fixSettings!;
  if (fix.host) return 'causes:fix_verified_host';
  if (fix.port === raw.facts.port && fix.security !== raw.facts.security) return 'causes:fix_verified_security';
  if (fix.security === raw.facts.security && fix.port !== raw.facts.port) return 'causes:fix_verified_port';
  return 'causes:fix_verified';
}

/** Security modes and protocols read as people know them ("SSL/TLS", "STARTTLS", "IMAP"). */
function readableFacts(facts: Facts, t: Translate): Facts {
  const readable: Facts = { ...facts };
  for (const field of ['security', 'fixSecurity'] as const) {
    const value = facts[field];
    if (typeof value === 'string') readable[`${field}Label`] = t(`cli:security.${value}`);
  }
  for (const field of ['protocol', 'spokenProtocol'] as const) {
    const value = facts[field];
    if (typeof value === 'string') readable[`${field}Label`] = value.toUpperCase();
  }
  // Host names are kept in ASCII (punycode) for comparison; people read them in Unicode.
  if (typeof facts.host === 'string') {
    readable.host = displayHost(facts.host);
    readable.hostAscii = facts.host;
  }
  if (typeof facts.scripts === 'string') readable.scriptsLabel = scriptNames(facts.scripts, t);
  // Library and OpenSSL texts ("ERR_SSL_WRONG_VERSION_NUMBER: 80CC…:error:0A00010B:SSL routines…")
  // are for --json and the logs (facts keep them); people read what the failure means.
  if (typeof facts.failure === 'string' && typeof facts.message === 'string') {
    readable.message = t(`checks:tls.${facts.failure}`, { defaultValue: t('checks:unknown') });
  }
  if (typeof facts.reason === 'string' && /^[a-z_]+$/u.test(facts.reason)) {
    readable.reason = t(`checks:tcp.${facts.reason}`, { defaultValue: facts.reason });
  }
  return readable;
}

/** "Latin and Cyrillic" in the reader's language, from ISO 15924 codes (ICU's names through Intl). */
function scriptNames(codes: string, t: Translate): string {
  const language = (t as unknown as { lng?: string }).lng ?? 'en';
  const names = new Intl.DisplayNames([language], { type: 'script', fallback: 'code' });
  return new Intl.ListFormat(language, { type: 'conjunction' }).format(codes.split(',').map((code) => names.of(code) ?? code));
}

/** Errors before warnings before info; within each, the earlier layer is the likelier root cause. */
export function orderFindings<F extends Pick<RawFinding, 'cause' | 'severity'>>(findings: F[]): F[] {
  const severityRank = { error: 0, warning: 1, info: 2 } as const;
  return [...findings].sort(
    (a, b) => severityRank[a.severity] - severityRank[b.severity] || causeRank(a.cause) - causeRank(b.cause),
  );
}
