import { localizeFinding, orderFindings } from '../diagnosis/localize';
import type { RawFinding } from '../diagnosis/raw-finding';
import { type Check, type Finding, type Report, verdictOf } from '../diagnosis/report';
import type { Translate } from '../i18n/translator';

/**
 * The password test and the OAuth sign-in test of one account in one report: both results, and
 * first one finding that says which way in works (`oauth.use_oauth` when only OAuth does — the
 * verified fix —, else `oauth.compared`). Transport checks and findings are the OAuth run's
 * (the same servers, a moment later); the password run adds its login checks and the findings
 * that explain them, so every failed check stays explained.
 */
export function sideBySide(password: Report, oauth: Report, t: Translate): Report {
  const passwordLogins = password.checks.filter(isLogin);
  const passwordWorks = passwordLogins.length > 0 && passwordLogins.every((c) => c.status === 'pass');
  const works = oauth.findings.find((f) => f.cause === 'oauth.works');
  const oauthWorks = works !== undefined && !oauth.findings.some((f) => f.cause.startsWith('oauth.') && f.severity === 'error');
  const passwordFailure = password.findings.find((f) => f.severity === 'error' && (f.cause.startsWith('auth.') || f.target === 'account'));
  const oauthFailure = oauth.findings.find((f) => f.cause.startsWith('oauth.') && f.severity !== 'info');
  const facts = {
    provider: String(works?.facts.provider ?? oauthFailure?.facts.provider ?? 'OAuth'),
    user: String(works?.facts.user ?? oauth.settings.email ?? ''),
    host: String(works?.facts.host ?? oauthFailure?.facts.host ?? ''),
    // The server's own words to the password, first line, bounded (never the password: the engine redacted it).
    passwordReply: replyOf(passwordFailure, passwordLogins),
  };
  const verdictFinding: RawFinding =
    oauthWorks && !passwordWorks
      ? { cause: 'oauth.use_oauth', severity: 'error', target: 'account', facts }
      : {
          cause: 'oauth.compared',
          severity: passwordWorks ? 'info' : 'warning',
          target: 'account',
          facts,
          variant: passwordWorks && oauthWorks ? 'both' : passwordWorks ? 'password_only' : 'neither',
        };
  const first = localizeFinding(verdictFinding, t);
  // The verified fix is the OAuth test's own ("switch your app to 'Sign in with Microsoft' …").
  const verified = oauthWorks && !passwordWorks && works?.fix ? { ...first, fix: works.fix } : first;
  const rest = dedupe([...oauth.findings, ...password.findings.filter((f) => f.cause.startsWith('auth.') || f.target === 'account')]).filter((f) => f.cause !== 'ok');
  const findings = [verified, ...orderFindings(rest)];
  const checks = [...oauth.checks.filter((c) => !isLogin(c)), ...passwordLogins.map(asPasswordCheck), ...oauth.checks.filter(isLogin)];
  return {
    ...oauth,
    findings,
    checks,
    verdict: verdictOf(findings),
    durationMs: password.durationMs + oauth.durationMs,
    ...(password.connections && oauth.connections
      ? { connections: { total: password.connections.total + oauth.connections.total, servers: [...password.connections.servers, ...oauth.connections.servers] } }
      : {}),
  };
}

function isLogin(check: Check): boolean {
  return check.name === 'login';
}

/** The password's login line says it was the password (the OAuth one names its mechanism). */
function asPasswordCheck(check: Check): Check {
  return { ...check, detail: `password: ${check.detail}` };
}

function replyOf(failure: Finding | undefined, logins: Check[]): string {
  const reply = failure?.facts.response ?? logins.find((c) => c.status === 'fail')?.detail ?? '';
  return String(reply).split(/\r?\n/)[0]!.slice(0, 200);
}

/** One finding per cause and side: the OAuth run's, which came later. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.cause}|${f.target}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
