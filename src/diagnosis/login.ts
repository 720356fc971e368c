import { loginImap } from '../probes/login-imap';
import type { LoginFailure, LoginResult } from '../probes/login-common';
import { loginPop3 } from '../probes/login-pop3';
import { loginSmtp } from '../probes/login-smtp';
import type { Credentials, Protocol, ServerSettings, Target } from '../settings/server-settings';
import type { CauseId } from './causes';
import type { DiagnosisContext } from './context';
import { activeSecrets } from '../logging/active-secrets';
import { finding, type RawFinding } from './raw-finding';
import { classifyLoginFailure } from './rules/login-failure';

const LOGIN_BY_PROTOCOL: Record<Protocol, typeof loginImap> = { imap: loginImap, pop3: loginPop3, smtp: loginSmtp };

export interface LoginOutcome {
  settings: ServerSettings;
  user: string;
  result: LoginResult;
}

/**
 * The optional login test, through the libraries a mail app's settings map to (imapflow,
 * nodemailer, our POP3 client), with certificate checks on, so the password only ever travels
 * over a connection that a careful client would also trust.
 */
export async function testLogin(
  ctx: DiagnosisContext,
  settings: ServerSettings,
  address: string,
  credentials: Credentials,
): Promise<LoginOutcome> {
  if (!ctx.connections.take()) {
    return { settings, user: credentials.user, result: { ok: false, stage: 'connect', code: NOT_OPENED, message: ctx.connections.reason, ms: 0 } };
  }
  // While the login runs, every log line is scrubbed of the password, whichever library echoes it.
  const forget = activeSecrets.add(credentials.oauth?.accessToken ?? credentials.password);
  try {
    const login = LOGIN_BY_PROTOCOL[settings.protocol];
    const result = await login(settings, credentials, { ...ctx.step, address, servername: settings.host, ca: ctx.ca });
    return { settings, user: credentials.user, result };
  } finally {
    forget();
  }
}

/** The login's result code when the connection cap kept it from connecting at all. */
const NOT_OPENED = 'CONNECTION_LIMIT';

/**
 * Only failures at the login step say something about the account; earlier failures were
 * already explained by the transport checks.
 */
export function loginOutcomeFindings(ctx: DiagnosisContext, target: Target, { settings, user, result }: LoginOutcome): RawFinding[] {
  const where = `${settings.port}/${settings.security}`;
  if (result.ok) {
    ctx.record({ name: 'login', target, status: 'pass', ms: result.ms, detail: `${where}${result.mechanism ? ` ${result.mechanism}` : ''}` });
    return [];
  }
  const notTried = result.code === NOT_OPENED;
  ctx.record({ name: 'login', target, status: notTried ? 'skip' : 'fail', ms: result.ms, detail: `${where} ${result.stage}: ${result.response ?? result.message}` });
  if (result.stage !== 'login') return [];
  const { cause, source } = classifyLoginFailure(settings.protocol, result);
  const facts = {
    host: settings.host,
    port: settings.port,
    security: settings.security,
    user,
    response: result.response ?? result.message,
    source,
  };
  return [finding(onEncrypted(cause, settings, result), 'error', target, facts, { variant: 'login' })];
}

/**
 * LOGINDISABLED still in force once TLS is on is no plaintext problem: the server takes no
 * password at all there, only mechanisms such as XOAUTH2.
 */
function onEncrypted(cause: CauseId, settings: ServerSettings, result: LoginFailure): CauseId {
  const encrypted = settings.security !== 'none';
  return encrypted && cause === 'auth.plaintext_disabled' && result.code === 'LOGINDISABLED' ? 'auth.mechanism_unsupported' : cause;
}
