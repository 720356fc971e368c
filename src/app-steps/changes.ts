import type { Finding } from '../diagnosis/report';
import type { AccountSettings, Security, Target } from '../settings/server-settings';
import type { SettingChange } from './app-setting';

/** Causes whose fix is a login setting, not a server setting. */
const LOGIN_CAUSES: Partial<Record<Finding['cause'], SettingChange['setting'][]>> = {
  'auth.app_password_required': ['app_password'],
  'auth.basic_auth_disabled': ['oauth_sign_in'],
  'auth.web_login_required': ['oauth_sign_in'],
  'auth.plaintext_disabled': ['auth_method'],
  'auth.mechanism_unsupported': ['auth_method'],
  'smtp.auth_not_offered': ['auth_method'],
  'auth.invalid_credentials': ['user_name'],
};

/**
 * Causes the server's operator fixes, not the user's app: a verified fix that happens to work
 * elsewhere does not make them a setting to change (the certificate is still to be renewed).
 */
const SERVER_SIDE = /^(?:tls\.cert_(?:expired|not_yet_valid|self_signed|untrusted|expiring_soon)|server\.|dns\.(?:servfail|resolver_unreachable|propagation_mismatch)|reputation\.|policy\.|diagnosis\.|client\.)/u;

function isSecurity(value: unknown): value is Security {
  return value === 'tls' || value === 'starttls' || value === 'none';
}

/**
 * What a finding asks the user to change in their app: the verified fix's host, port and
 * security where they differ from what the app uses now, or the login setting its cause names.
 * Nothing when the fix is not a setting (an expired certificate, a server that is down).
 */
export function changesFor(finding: Finding, settings: AccountSettings): SettingChange[] {
  if (finding.target === 'account' || SERVER_SIDE.test(finding.cause)) return [];
  const side: Target = finding.target;
  const current = settings[side];
  const protocol = current?.protocol ?? (side === 'incoming' ? 'imap' : 'smtp');
  const changes: SettingChange[] = [];
  const verified = finding.fix?.settings;
  const port = verified?.port ?? (typeof finding.facts.fixPort === 'number' ? finding.facts.fixPort : undefined);
  const security = verified?.security ?? (isSecurity(finding.facts.fixSecurity) ? finding.facts.fixSecurity : undefined);
  if (verified?.host && verified.host !== current?.host) {
    changes.push({ setting: side === 'incoming' ? 'incoming_server' : 'outgoing_server', side, value: verified.host, protocol });
  }
  if (port !== undefined && port !== current?.port) changes.push({ setting: 'port', side, value: port, ...(security ? { security } : {}), protocol });
  if (security !== undefined && security !== current?.security) changes.push({ setting: 'security', side, security, protocol });
  for (const setting of LOGIN_CAUSES[finding.cause] ?? []) {
    const value = setting === 'user_name' ? settings.email : undefined;
    changes.push({ setting, side, ...(value ? { value } : {}), protocol });
  }
  return changes;
}
