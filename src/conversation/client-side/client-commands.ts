import { isIP } from 'node:net';
import type { ServerSettings } from '../../settings/server-settings';
import type { ClientOs } from '../state';

/**
 * Only names and addresses go into a command the user pastes into a shell. Hosts already
 * passed the reply parser or came from discovery; this check makes sure of it.
 */
const SAFE_HOST = /^[\p{L}\p{N}._:-]+$/u;

/**
 * The one command, per system, that tests DNS, the port and the certificate from the user's
 * own device, one line per server. Its output is what src/diagnosis/client-output reads.
 */
export function clientCommand(os: ClientOs, servers: readonly ServerSettings[]): string {
  return servers
    .filter((s) => SAFE_HOST.test(s.host) && Number.isInteger(s.port))
    .map((s) => (os === 'windows' ? powershellLine(s) : shellLine(s)))
    .join('\n');
}

/** macOS and Linux: dig, nc and openssl ship with macOS and with most Linux desktops. */
function shellLine(s: ServerSettings): string {
  const parts: string[] = [];
  if (isIP(s.host) === 0) parts.push(`dig +noall +comments +answer ${s.host}`);
  parts.push(`nc -vz -w 5 ${s.host} ${s.port}`);
  if (s.security !== 'none') {
    const starttls = s.security === 'starttls' ? `-starttls ${s.protocol} ` : '';
    const sni = isIP(s.host) === 0 ? ` -servername ${s.host}` : '';
    parts.push(`openssl s_client ${starttls}-connect ${s.host}:${s.port}${sni} </dev/null 2>&1 | grep -E 'subject=|issuer=|Verify return|errno'`);
  }
  return parts.join('; ');
}

/**
 * Windows PowerShell: Resolve-DnsName and Test-NetConnection, and for implicit TLS the
 * certificate through .NET's SslStream (accepting any certificate, only to look at it).
 */
function powershellLine(s: ServerSettings): string {
  const parts: string[] = [];
  if (isIP(s.host) === 0) parts.push(`Resolve-DnsName ${s.host}`);
  parts.push(`Test-NetConnection ${s.host} -Port ${s.port}`);
  if (s.security === 'tls') {
    parts.push(
      `$c = New-Object Net.Sockets.TcpClient('${s.host}', ${s.port}); $s = New-Object Net.Security.SslStream($c.GetStream(), $false, {$true}); $s.AuthenticateAsClient('${s.host}'); [Security.Cryptography.X509Certificates.X509Certificate2]$s.RemoteCertificate | Format-List Subject, Issuer, Thumbprint; $c.Close()`,
    );
  }
  return parts.join('; ');
}
