import type { AppSetting } from '../../src/app-steps/app-setting';
import type { CauseId } from '../../src/diagnosis/causes';
import type { Finding } from '../../src/diagnosis/report';
import type { AccountSettings, Target } from '../../src/settings/server-settings';

export const SETTINGS: AccountSettings = {
  email: 'alice@acme.test',
  incoming: { protocol: 'imap', host: 'imap.acme.test', port: 143, security: 'starttls' },
  outgoing: { protocol: 'smtp', host: 'smtp.acme.test', port: 587, security: 'starttls' },
};

function finding(cause: CauseId, target: Target, fixSettings?: NonNullable<Finding['fix']>['settings']): Finding {
  return { cause, severity: 'error', target, evidence: 'seen', fix: { summary: 'generic fix', steps: [], ...(fixSettings ? { settings: fixSettings } : {}) }, facts: {} };
}

/** A finding whose fix changes exactly `setting` on `side` (of SETTINGS). */
export function findingChanging(setting: AppSetting, side: Target): Finding {
  const current = SETTINGS[side]!;
  switch (setting) {
    case 'incoming_server':
    case 'outgoing_server':
      return finding('dns.nxdomain', side, { host: `mail2.acme.test`, port: current.port, security: current.security });
    case 'port':
      return finding('tcp.filtered', side, { port: side === 'incoming' ? 1143 : 2525, security: current.security });
    case 'security':
      return finding('security.plaintext_exposed', side, { port: current.port, security: 'tls' });
    case 'user_name':
      return finding('auth.invalid_credentials', side);
    case 'auth_method':
      return finding('auth.plaintext_disabled', side);
    case 'app_password':
      return finding('auth.app_password_required', side);
    case 'oauth_sign_in':
      return finding('auth.basic_auth_disabled', side);
  }
}
