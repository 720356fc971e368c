/**
 * The two SASL payloads that carry an OAuth access token. Used by our POP3 client (imapflow and
 * nodemailer build their own) and to know every form in which a token could leak.
 *
 * - XOAUTH2 (Google's and Microsoft's): `user=<user>^Aauth=Bearer <token>^A^A`
 *   (developers.google.com/workspace/gmail/imap/xoauth2-protocol; Microsoft's "Authenticate an
 *   IMAP, POP or SMTP connection using OAuth").
 * - OAUTHBEARER (RFC 7628 §3.1): the GS2 header `n,a=<user>,` then `host=`, `port=`,
 *   `auth=Bearer <token>`, each ended by ^A, and a final ^A.
 */
export type SaslMechanism = 'XOAUTH2' | 'OAUTHBEARER';

export function xoauth2Payload(user: string, token: string): string {
  return Buffer.from(`user=${user}\x01auth=Bearer ${token}\x01\x01`).toString('base64');
}

export function oauthBearerPayload(user: string, token: string, host: string, port: number): string {
  const authzid = user.replace(/=/g, '=3D').replace(/,/g, '=2C');
  return Buffer.from(`n,a=${authzid},\x01host=${host}\x01port=${port}\x01auth=Bearer ${token}\x01\x01`).toString('base64');
}

/** RFC 7628 §3.1 allows no control characters in a value: one would end the field early. */
export function saslSafe(value: string): boolean {
  return !/[\x00-\x1f\x7f]/.test(value);
}

/**
 * What a server's error challenge says (RFC 7628 §3.2.2: base64 JSON with `status`, `scope`,
 * `openid-configuration`), bounded and decoded defensively; undefined when it is none.
 */
export function decodeOAuthChallenge(base64: string): { status?: string; scope?: string } | undefined {
  if (base64.length === 0 || base64.length > 4096) return undefined;
  try {
    const value = JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as Record<string, unknown>;
    if (typeof value !== 'object' || value === null) return undefined;
    return {
      ...(typeof value.status === 'string' ? { status: value.status.slice(0, 100) } : {}),
      ...(typeof value.scope === 'string' ? { scope: value.scope.slice(0, 500) } : {}),
    };
  } catch {
    return undefined;
  }
}
