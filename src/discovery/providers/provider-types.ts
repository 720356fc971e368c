import type { Protocol, Security, ServerSettings } from '../../settings/server-settings';
import type { TripUp, TripUpKind } from '../discovery-result';

/**
 * One entry of the provider table. Kept as plain data a help-desk person can read and check
 * against the cited source; the tests check every entry for completeness.
 */
export interface ProviderEntry {
  id: string;
  name: string;
  /** The name when it hosts somebody else's domain (found via MX), e.g. "Google Workspace". */
  hostedName?: string;
  /** Email domains of the provider itself; `*.example.com` matches any sub-domain. */
  domains: string[];
  /**
   * MX host patterns of domains this provider hosts: `*` matches any characters
   * (`*.google.com`, `mx*.zoho.eu`). Besides these, an MX host whose base domain is one of
   * `domains` maps to the provider (Thunderbird's approach).
   */
  mx: string[];
  /** Best first. */
  incoming: ServerSettings[];
  outgoing: ServerSettings[];
  /** Different servers for hosted (custom) domains, e.g. Zoho's imappro/smtppro. */
  hosted?: { incoming: ServerSettings[]; outgoing: ServerSettings[] };
  /** The login name: the full address (every provider here) or only the local part. */
  username: 'address' | 'localpart';
  tripUps: TripUp[];
  /** Where the server settings come from. */
  sources: string[];
  /** Runs on the user's own computer (Proton Mail Bridge): advice only, the bot cannot test it. */
  local?: boolean;
}

const server = (protocol: Protocol) => (host: string, port: number, security: Security): ServerSettings => ({ protocol, host, port, security });

/** `imap('imap.gmail.com', 993, 'tls')` reads like the providers' own help pages. */
export const imap = server('imap');
export const pop3 = server('pop3');
export const smtp = server('smtp');

export function tripUp(kind: TripUpKind, source: string, url?: string): TripUp {
  return { kind, source, ...(url && { url }) };
}

/** The reference files the facts were collected in (../shared/reference/). */
export const ISPDB = 'Thunderbird ISPDB thunderbird/autoconfig@c6ad79659b5f';
export const NODEMAILER = 'nodemailer lib/well-known/services.json';
export const TAXONOMY = 'docs/reply-sources.md';
