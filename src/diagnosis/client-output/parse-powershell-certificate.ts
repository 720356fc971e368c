import type { TlsObservation } from './observations';
import { pastedLines } from './text-lines';

/**
 * The certificate as our Windows command prints it: `Format-List Subject, Issuer, Thumbprint`.
 * Property names are not translated.
 */
export function parsePowershellCertificate(text: string): TlsObservation[] {
  const found: TlsObservation[] = [];
  let current: TlsObservation | undefined;
  for (const raw of pastedLines(text)) {
    const property = /^(Subject|Issuer|Thumbprint)\s+:\s*(.+)$/u.exec(raw.trim());
    if (!property) continue;
    const [, name, value = ''] = property;
    if (name === 'Subject' || !current) {
      current = { tool: 'PowerShell' };
      found.push(current);
    }
    if (name === 'Subject') current.subject = value.trim();
    if (name === 'Issuer') current.issuer = value.trim();
    if (name === 'Thumbprint') current.fingerprint = value.trim();
  }
  return found;
}
