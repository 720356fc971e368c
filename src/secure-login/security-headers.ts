import { randomBytes } from 'node:crypto';

/**
 * Headers on every response of the password page. The page has no script and no asset from
 * anywhere: one inline style, allowed by a fresh nonce per response. It may not be framed
 * (clickjacking a password field), cached, sniffed, or leak its URL (which holds the one-time
 * token) through a Referer.
 */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export function securityHeaders(options: { nonce: string; https: boolean }): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Security-Policy': [
      "default-src 'none'",
      `style-src 'nonce-${options.nonce}'`,
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  };
  // HSTS only means something over HTTPS (browsers ignore it on plain HTTP).
  if (options.https) headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
  return headers;
}
