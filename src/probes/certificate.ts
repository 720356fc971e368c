import type { DetailedPeerCertificate, PeerCertificate } from 'node:tls';

/** The facts about a server certificate that a report and its fixes need. */
export interface CertificateInfo {
  subject: string;
  /** DNS names and IP addresses the certificate covers (listed when the name does not match). */
  subjectAltNames: string[];
  issuer: string;
  validFrom: string /* ISO */;
  validTo: string /* ISO */;
  /** Whole days until expiry, rounded down; negative once expired. */
  daysLeft: number;
  selfSigned: boolean;
  fingerprint256: string;
}

/** The certificate-related subset of TlsFailureCode. */
export type CertificateFailureCode =
  | 'cert_expired'
  | 'cert_not_yet_valid'
  | 'cert_self_signed'
  | 'cert_untrusted'
  | 'cert_hostname_mismatch';

const DAY_MS = 24 * 60 * 60 * 1000;

/** X.509 verify codes (Node's `authorizationError`) that name a specific cause. */
const CHAIN_FAILURES: Readonly<Record<string, CertificateFailureCode>> = {
  CERT_HAS_EXPIRED: 'cert_expired',
  CERT_NOT_YET_VALID: 'cert_not_yet_valid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'cert_self_signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'cert_untrusted',
  UNABLE_TO_GET_ISSUER_CERT: 'cert_untrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'cert_untrusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'cert_untrusted',
  CERT_UNTRUSTED: 'cert_untrusted',
  HOSTNAME_MISMATCH: 'cert_hostname_mismatch',
  ERR_TLS_CERT_ALTNAME_INVALID: 'cert_hostname_mismatch',
};

/**
 * Maps Node's chain verification code to a cause. Any other verify code (revoked, bad
 * signature, invalid CA, ...) still means "no trusted chain", so it is `cert_untrusted`; the
 * exact code stays in `chainError` for the evidence.
 */
export function chainFailure(code: string): CertificateFailureCode {
  return CHAIN_FAILURES[code] ?? 'cert_untrusted';
}

/** Reads the leaf certificate facts; undefined when the server presented none. */
export function certificateInfo(cert: PeerCertificate | DetailedPeerCertificate | undefined, now = Date.now()): CertificateInfo | undefined {
  if (!cert?.fingerprint256) return undefined;
  const subject = formatName(cert.subject);
  const issuer = formatName(cert.issuer);
  const validTo = Date.parse(cert.valid_to);
  return {
    subject,
    subjectAltNames: parseAltNames(cert.subjectaltname),
    issuer,
    validFrom: isoDate(cert.valid_from),
    validTo: isoDate(cert.valid_to),
    daysLeft: Number.isNaN(validTo) ? 0 : Math.floor((validTo - now) / DAY_MS),
    selfSigned: isSelfSigned(cert, subject, issuer),
    fingerprint256: cert.fingerprint256,
  };
}

/** `CN=imap.example.com, O=Example`: the distinguished name in Node's order. */
function formatName(name: Record<string, string | string[] | undefined> | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value}`)
    .join(', ');
}

/**
 * Node renders SANs as `DNS:a, IP Address:1.2.3.4`, quoting (JSON-style) any value that holds
 * a comma or quote. Only DNS names and IP addresses matter for a mail host name.
 */
export function parseAltNames(subjectaltname: string | undefined): string[] {
  if (!subjectaltname) return [];
  const names: string[] = [];
  const entry = /(DNS|IP Address):("(?:[^"\\]|\\.)*"|[^,]*)(?:,\s*|$)/g;
  for (const match of subjectaltname.matchAll(entry)) {
    const raw = match[2] ?? '';
    names.push(raw.startsWith('"') ? unquote(raw) : raw.trim());
  }
  return names;
}

function unquote(quoted: string): string {
  try {
    return String(JSON.parse(quoted));
  } catch {
    return quoted.slice(1, -1);
  }
}

/** Node gives dates as `Jan  1 00:00:00 2027 GMT`; reports want ISO. */
function isoDate(text: string): string {
  const time = Date.parse(text);
  return Number.isNaN(time) ? text : new Date(time).toISOString();
}

/**
 * Self-issued (subject = issuer) and, when Node exposes the chain, its own issuer. The DN
 * comparison alone would also hold for a leaf that happens to copy its CA's name.
 */
function isSelfSigned(cert: PeerCertificate | DetailedPeerCertificate, subject: string, issuer: string): boolean {
  if (subject !== issuer) return false;
  const parent = 'issuerCertificate' in cert ? cert.issuerCertificate : undefined;
  return !parent || parent === cert || parent.fingerprint256 === cert.fingerprint256;
}
