import type { TcpObservation, TlsObservation } from './observations';
import { pastedLines } from './text-lines';

export interface OpensslResult {
  tls: TlsObservation[];
  tcp: TcpObservation[];
}

const ERRNO: Readonly<Record<string, TcpObservation['status']>> = { '111': 'refused', '61': 'refused', '110': 'timeout', '60': 'timeout', '113': 'unreachable', '65': 'unreachable' };

/**
 * `openssl s_client` (OpenSSL 1.1/3 "subject=CN = x", LibreSSL "subject=/CN=x", whole or
 * grepped) and `openssl x509 -noout -subject -issuer -fingerprint`. A new "subject=" starts a
 * new certificate, so two servers in one paste stay apart.
 */
export function parseOpenssl(text: string): OpensslResult {
  const result: OpensslResult = { tls: [], tcp: [] };
  let current: TlsObservation | undefined;
  for (const raw of pastedLines(text)) {
    const line = raw.trim();
    const subject = /^subject=\s*(.+)$/u.exec(line);
    if (subject) {
      current = { tool: 'openssl', subject: readableName(subject[1] ?? '') };
      result.tls.push(current);
      continue;
    }
    const issuer = /^issuer=\s*(.+)$/u.exec(line);
    if (issuer) {
      if (!current || current.issuer) {
        current = { tool: 'openssl' };
        result.tls.push(current);
      }
      current.issuer = readableName(issuer[1] ?? '');
      continue;
    }
    // OpenSSL's codes are small; more digits are not its output (and 400 of them are Infinity, which JSON cannot hold).
    const verify = /^Verify return code:\s*(\d{1,9})\s*\(([^)]*)\)/u.exec(line);
    if (verify && current) {
      current.verifyCode = Number(verify[1]);
      current.verifyText = verify[2] ?? '';
      continue;
    }
    const fingerprint = /^(?:sha256|SHA256) Fingerprint=([0-9A-F:]+)$/u.exec(line);
    if (fingerprint && current) {
      current.fingerprint = fingerprint[1] ?? '';
      continue;
    }
    const errno = /^connect:errno=(\d+)$/u.exec(line);
    if (errno) result.tcp.push({ tool: 'openssl', status: ERRNO[errno[1] ?? ''] ?? 'failed' });
    // OpenSSL 3 says both "Could not read certificate" and "Unable to load certificate": one fact.
    if (/Could not read certificate from|unable to load certificate/iu.test(line) && !result.tls.at(-1)?.noCertificate) {
      result.tls.push({ tool: 'openssl', noCertificate: true });
    }
  }
  return result;
}

/** "/C=RU/O=Lab/CN=Root" (LibreSSL) and "C = RU, O = Lab, CN = Root" (OpenSSL) read the same. */
export function readableName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.startsWith('/')) return trimmed.slice(1).split('/').map((part) => part.replace('=', ' = ')).join(', ');
  return trimmed;
}
