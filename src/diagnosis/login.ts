import { loginImap } from '../probes/login-imap';
import { LOGIN_CODES, type HeldSession, type LoginFailure, type LoginResult } from '../probes/login-common';
import { loginPop3 } from '../probes/login-pop3';
import { loginSmtp } from '../probes/login-smtp';
import type { Credentials, Protocol, ServerSettings, Target } from '../settings/server-settings';
import { NO_SECOND_TRY } from './account-logins';
import type { CauseId } from './causes';
import type { DiagnosisContext } from './context';
import { activeSecrets } from '../logging/active-secrets';
import { finding, type RawFinding } from './raw-finding';
import { classifyLoginFailure } from './rules/login-failure';
import type { FixProvider } from './rules/server-replies';
import type { AccountProvider } from './diagnose-request';
import { oauthWorks, tokenLoginFinding } from '../oauth/oauth-findings';
import type { ErrorCode } from '../errors/error-codes';

const LOGIN_BY_PROTOCOL: Record<Protocol, typeof loginImap> = { imap: loginImap, pop3: loginPop3, smtp: loginSmtp };

/** After this long without an answer to the credentials, the progress says the server takes its time. */
const SLOW_LOGIN_NOTICE_MS = 1500;

export interface LoginOutcome {
  settings: ServerSettings;
  /** The address logged in on: the one that answered. */
  address: string;
  user: string;
  result: LoginResult;
  /** Set when the login used an OAuth token: its findings speak of the token, not a password. */
  oauth?: { providerName: string };
  /** Connections the login test opened (0 when it was not tried or the cap kept it from connecting). */
  connections: number;
}

/**
 * The optional login test, through the libraries a mail app's settings map to (imapflow,
 * nodemailer, our POP3 client), with certificate checks on, so the password only ever travels
 * over a connection that a careful client would also trust. One attempt per account: logins
 * of one diagnosis take turns, and a password the server already refused is not sent again.
 */
export async function testLogin(
  ctx: DiagnosisContext,
  target: Target,
  settings: ServerSettings,
  address: string,
  credentials: Credentials,
  /** The probe's own SMTP or IMAP session, already secured: the login goes on on it (its connection is the probe's). */
  session?: HeldSession,
): Promise<LoginOutcome> {
  const oauth = credentials.oauth ? { oauth: { providerName: credentials.oauth.providerName ?? 'OAuth' } } : {};
  const outcome = (result: LoginResult, connections = 0): LoginOutcome => ({ settings, address, user: credentials.user, result, connections, ...oauth });
  // A held session waiting for its turn still ends with the diagnosis.
  const dropSession = (): void => session?.close();
  ctx.signal.addEventListener('abort', dropSession, { once: true });
  return ctx.logins.inTurn(credentials.user, async () => {
    const earlier = ctx.logins.refusal(credentials.user);
    if (earlier) {
      dropSession();
      ctx.signal.removeEventListener('abort', dropSession);
      return outcome({ ok: false, stage: 'connect', code: NOT_TRIED, message: `not tried: the same password was already refused (${earlier.where}); a second attempt would count towards the account's lockout`, ms: 0 });
    }
    if (!session && !ctx.takeConnection()) {
      return outcome({ ok: false, stage: 'connect', code: NOT_OPENED, message: ctx.connections.reason, ms: 0 });
    }
    // While the login runs, every log line is scrubbed of the password, whichever library echoes it.
    const forget = activeSecrets.add(credentials.oauth?.accessToken ?? credentials.password);
    let notice: NodeJS.Timeout | undefined;
    const onCredentialsSent = (): void => {
      notice = setTimeout(() => ctx.waiting({ target, step: 'login', waitedMs: SLOW_LOGIN_NOTICE_MS, maxMs: ctx.loginTimeoutMs, host: settings.host, port: settings.port }), SLOW_LOGIN_NOTICE_MS);
    };
    try {
      const login = LOGIN_BY_PROTOCOL[settings.protocol];
      const result = await login(settings, credentials, {
        ...ctx.step,
        address,
        servername: settings.host,
        ca: ctx.ca,
        loginTimeoutMs: ctx.loginTimeoutMs,
        onCredentialsSent,
        ...(session ? { session } : {}),
      });
      // A refused token says nothing about the other protocols (each has its own switch and scope).
      if (!result.ok && result.stage === 'login' && !credentials.oauth) {
        const { cause } = classifyLoginFailure(settings.protocol, result, settings.host);
        if (NO_SECOND_TRY.has(cause)) ctx.logins.refused(credentials.user, { cause, where: `${target} ${whereOf(settings, address)}` });
      }
      return outcome(result, session ? 0 : 1);
    } finally {
      clearTimeout(notice);
      forget();
      dropSession();
      ctx.signal.removeEventListener('abort', dropSession);
    }
  });
}

/** The login's result code when the connection cap kept it from connecting at all. */
const NOT_OPENED = 'CONNECTION_LIMIT' satisfies ErrorCode;
/** The login's result code when the account's password was already refused in this diagnosis. */
const NOT_TRIED = 'NOT_TRIED' satisfies ErrorCode;

/** "imap.example.com (192.0.2.10) port 993/tls": where the password went. */
function whereOf(settings: ServerSettings, address: string): string {
  const at = settings.host === address ? address : `${settings.host} (${address})`;
  return `${at} port ${settings.port}/${settings.security}`;
}

/** What the login test found, before it is set beside the transport checks. */
export interface LoginFindings {
  /** Failures at the login step: they say something about the account. */
  account: RawFinding[];
  /**
   * The login stopped before its credentials were sent: this cause names why. The caller keeps
   * it only when the transport checks did not already find the same.
   */
  beforeCredentials?: { cause: CauseId; finding: RawFinding };
}

/**
 * Every failed login is explained by a finding: refusals at the login step by the reply rules,
 * a login left unanswered by `auth.login_timeout`, and a login that stopped earlier by the
 * transport cause it met (or, when no transport check saw that, `auth.login_incomplete`).
 */
export function loginOutcomeFindings(ctx: DiagnosisContext, target: Target, { settings, address, user, result, oauth, connections }: LoginOutcome): LoginFindings {
  const where = whereOf(settings, address);
  if (result.ok) {
    ctx.record({ name: 'login', target, status: 'pass', ms: result.ms, detail: `${where}${result.mechanism ? ` ${result.mechanism}` : ''}${result.opened ? `, ${result.opened}` : ''}`, about: { id: 'login_ok', values: { port: settings.port, mechanism: result.mechanism ?? '' }, codes: { security: `security.${settings.security}` } }, ...(connections && { connections }) });
    return { account: oauth ? [oauthWorks(target, settings, user, oauth.providerName, result.opened)] : [] };
  }
  const notTried = result.code === NOT_OPENED || result.code === NOT_TRIED;
  ctx.record({
    name: 'login',
    target,
    status: notTried ? 'skip' : 'fail',
    ms: result.ms,
    detail: `${where} ${result.stage}: ${result.response ?? result.message}`,
    // A server's reply is its own words; a library's message is not shown to people (detail keeps it).
    about:
      result.code === NOT_OPENED
        ? { id: 'not_opened', values: { max: ctx.connections.budget.max } }
        : result.code === NOT_TRIED
          ? { id: 'login_not_tried' }
          : result.response
            ? { id: 'login_failed_reply', values: { port: settings.port, response: result.response }, codes: { stage: `stage.${result.stage}`, security: `security.${settings.security}` } }
            : { id: 'login_failed', values: { port: settings.port }, codes: { stage: `stage.${result.stage}`, security: `security.${settings.security}` } },
    ...(connections && { connections }),
  });
  if (notTried) return { account: [] };
  // A server that floods or drips during the login is hostile or broken whatever the stage;
  // the transport probes may not have seen it (it can behave for them and not for a login).
  if (result.code === LOGIN_CODES.tooMuchData) {
    return { account: [finding('protocol.garbage', 'error', target, { host: settings.host, port: settings.port, banner: result.response ?? result.message }, { variant: 'flood' })] };
  }
  if (result.code === LOGIN_CODES.slowReply) {
    return { account: [finding('server.slow_greeting', 'error', target, { host: settings.host, port: settings.port, waitedMs: result.ms }, { variant: 'drip' })] };
  }
  if (oauth && result.stage === 'login' && result.code !== LOGIN_CODES.loginTimeout) return { account: [tokenLoginFinding(target, settings, user, oauth.providerName, result)] };
  const facts = {
    host: settings.host,
    address,
    port: settings.port,
    security: settings.security,
    user,
    response: result.response ?? result.message,
  };
  const { cause, source, fix: ruleFix, fixOnlyFor } = classifyLoginFailure(settings.protocol, result, settings.host);
  const fix = ruleFix && (!fixOnlyFor || fixHolds(fixOnlyFor, settings.host, ctx.provider)) ? ruleFix : undefined;
  if (result.code === LOGIN_CODES.loginTimeout || cause === 'auth.login_timeout') {
    return { account: [finding('auth.login_timeout', 'error', target, { ...facts, waitedMs: ctx.loginTimeoutMs, source })] };
  }
  if (result.stage === 'login') {
    // A provider's own fix (an app password, OAuth, the tenant setting) is the variant's text.
    if (fix) return { account: [finding(onEncrypted(cause, settings, result), 'error', target, { ...facts, source, provider: fix }, { variant: `provider_${fix}` })] };
    // Another provider's words on this account: its fix names the provider detected, or no one.
    const named = ruleFix ? namedProvider(ctx.provider) : undefined;
    if (named) return { account: [finding(onEncrypted(cause, settings, result), 'error', target, { ...facts, protocol: settings.protocol, source, ...named.facts }, { variant: named.variant })] };
    return { account: [finding(onEncrypted(cause, settings, result), 'error', target, { ...facts, source }, { variant: 'login' })] };
  }
  const incomplete = finding('auth.login_incomplete', 'error', target, { ...facts, source, reason: result.code ?? result.message }, { variant: result.stage });
  return { account: [], beforeCredentials: { cause, finding: incomplete } };
}

/** A provider's fix holds on its hosts, or for an account discovery placed with it. */
function fixHolds(where: FixProvider, host: string, provider: AccountProvider | undefined): boolean {
  return where.hosts.test(host.toLowerCase()) || (provider?.id !== undefined && where.providerIds.includes(provider.id));
}

/**
 * The `provider_named` texts name the account's provider ("Test Mail takes no password for
 * IMAP"), `provider_named_sign_in` also the sign-in its apps use ("…signs in with Test
 * Identity"); with neither known the cause's own, neutral fix is said.
 */
function namedProvider(provider: AccountProvider | undefined): { variant: string; facts: Record<string, string> } | undefined {
  const name = provider?.name ?? provider?.signInName;
  if (!name) return undefined;
  if (provider?.signInName) return { variant: 'provider_named_sign_in', facts: { providerName: name, signInName: provider.signInName } };
  return { variant: 'provider_named', facts: { providerName: name } };
}

/**
 * LOGINDISABLED still in force once TLS is on is no plaintext problem: the server takes no
 * password at all there, only mechanisms such as XOAUTH2.
 */
function onEncrypted(cause: CauseId, settings: ServerSettings, result: LoginFailure): CauseId {
  const encrypted = settings.security !== 'none';
  return encrypted && cause === 'auth.plaintext_disabled' && result.code === 'LOGINDISABLED' ? 'auth.mechanism_unsupported' : cause;
}
