import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { InvalidInputError } from '../settings/invalid-input';

/**
 * MAILHELP_PUBLIC_URL must be https: over http the password page gets no HSTS, its cookie is not
 * `Secure`, and the password would cross the network in plaintext. Plain http is accepted only
 * for a loopback host (a developer testing on this machine). Checked at start-up, so a wrong
 * value stops the bot with one line instead of running without protection.
 */
export function checkPublicUrl(value: string | undefined): void {
  const text = value?.trim();
  if (!text) return;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidInputError('harden:public_url.invalid', { url: text.slice(0, 100) }, `MAILHELP_PUBLIC_URL is not a URL: ${text.slice(0, 100)}`);
  }
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return;
  throw new InvalidInputError('harden:public_url.not_https', { url: url.origin.slice(0, 100) }, `MAILHELP_PUBLIC_URL must start with https:// (http only for a loopback address): ${url.origin.slice(0, 100)}`);
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return isIP(host) !== 0 && ipaddr.process(host).range() === 'loopback';
}
