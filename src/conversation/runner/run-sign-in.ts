import { DEFAULT_TIMEOUT_MS } from '../../diagnosis/diagnose-request';
import type { Report } from '../../diagnosis/report';
import type { Translate } from '../../i18n/translator';
import type { AccessToken } from '../../oauth/access-token';
import type { DeviceCodePrompt } from '../../oauth/device-flow';
import type { PkceSignIn } from '../../oauth/pkce-flow';
import { OAUTH_LINK_TTL_MS, type OAuthSignInPage } from '../../secure-login/oauth-sign-in-page';
import type { OAuthConfiguration } from '../../oauth/oauth-config';
import { OAUTH_ERROR_CODES, OAuthError } from '../../oauth/oauth-error';
import type { OAuthProvider } from '../../oauth/providers';
import { sideBySide } from '../../oauth/side-by-side';
import { withSignInFinding } from '../../oauth/sign-in-report';
import { runSignIn, type SignInOutcome } from '../../oauth/sign-in-test';
import type { DiagnoseEffect } from '../effects';
import type { RenderedProgress, RenderedSignInCode } from './conversation-output';
import { runDiagnosis, type RunServices, type RunTarget } from './run-diagnosis';

/** The bot's OAuth configuration (MAILHELP_OAUTH_*, src/oauth/oauth-config) and how it reaches the providers. */
export interface SignInSetup {
  config: OAuthConfiguration;
  /** Deadline of one identity request (default: the diagnosis step timeout). */
  timeoutMs?: number;
  /** CA certificates replacing Node's store for the identity providers (tests). */
  ca?: string[];
}

export interface SignInServices extends RunServices {
  signIn: SignInSetup | undefined;
  /** The bot's OAuth page for the browser flow (MAILHELP_PUBLIC_URL), when it has one. */
  oauthPage: OAuthSignInPage | undefined;
  /** Shows the code to the conversation's user alone; false when the platform cannot. */
  showSignInCode(code: RenderedSignInCode): Promise<boolean>;
}

/**
 * The OAuth sign-in test of one conversation, as background work: get a token with the device
 * flow (the code goes only to `showSignInCode`, the waiting into the progress message), run the
 * diagnosis logging in with it, then drop or revoke the token. Without a token the diagnosis
 * runs without a login and the identity provider's answer joins its report. After a password
 * test the two results are set side by side in one report.
 */
export async function runSignInDiagnosis(services: SignInServices, run: RunTarget, effect: DiagnoseEffect, signal: AbortSignal): Promise<void> {
  const request = effect.signIn;
  if (!request) return runDiagnosis(services, run, effect, signal);
  const { runId } = effect;
  const { t } = run;
  const ofThisRun = (last: RenderedProgress | undefined): RenderedProgress | undefined => (last?.runId === runId ? last : undefined);
  const titled = (title: string) => (last: RenderedProgress | undefined): RenderedProgress => ({ runId, checks: [], ...ofThisRun(last), title, done: false });
  const setup = services.signIn;
  const outcome: SignInOutcome = setup
    ? await runSignIn(
        {
          config: setup.config,
          settings: effect.settings,
          user: request.user,
          discoveryId: request.discoveryId,
          timeoutMs: setup.timeoutMs ?? services.diagnoseOptions?.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          ...(setup.ca ? { ca: setup.ca } : {}),
          signal,
        },
        {
          showCode: async (prompt, provider) => {
            // Never anywhere but to the user: a platform that cannot show it privately ends the test.
            if (!(await services.showSignInCode(signInCode(t, prompt, provider, request.user)))) {
              throw new OAuthError(OAUTH_ERROR_CODES.notConfigured, 'this chat cannot show the sign-in code to the user alone');
            }
          },
          ...(services.oauthPage ? { browser: browserSignIn(services, services.oauthPage, run, signal, (title) => void services.showProgress(titled(title))) } : {}),
          waiting: (minutes) => void services.showProgress(titled(t('oauth:device.waiting', { count: minutes }))),
          signedIn: (provider) => void services.showProgress(titled(t('oauth:device.signed_in', { provider: provider.name }))),
        },
      )
    : noSetup();
  if (signal.aborted) {
    if (outcome.kind === 'token') await outcome.dispose();
    return;
  }
  const finish = (report: Report): Report => {
    const signedIn = outcome.kind === 'no_token' ? withSignInFinding(report, outcome.finding, t) : report;
    return request.previous ? sideBySide(request.previous, signedIn, t) : signedIn;
  };
  try {
    await runDiagnosis(services, run, effect, signal, { ...(outcome.kind === 'token' ? { credentials: outcome.credentials } : {}), finish });
  } finally {
    if (outcome.kind === 'token') await outcome.dispose();
  }
}

/** The code as the user reads it: where to go, the code to copy, whom to sign in as, for how long. */
function signInCode(t: Translate, prompt: DeviceCodePrompt, provider: OAuthProvider, user: string): RenderedSignInCode {
  const minutes = Math.max(1, Math.ceil((prompt.expiresAt - Date.now()) / 60_000));
  return {
    title: t('oauth:chat.code_title', { provider: provider.name }),
    message: [
      { kind: 'text', text: t('oauth:chat.code', { url: prompt.verificationUri, user }) },
      { kind: 'code', text: prompt.userCode },
      { kind: 'text', text: t('oauth:device.prompt_private', { count: minutes }) },
    ],
    url: prompt.verificationUriComplete ?? prompt.verificationUri,
    code: prompt.userCode,
    buttonLabel: t('oauth:chat.code_button', { provider: provider.name }),
    expiresInMinutes: minutes,
  };
}

/**
 * The browser flow's side of the conversation: a one-time link to the bot's OAuth page, shown
 * privately like the code; the page hands back the token once the user signed in, or the
 * provider's refusal. The wait ends with the link's lifetime or when the conversation does.
 */
function browserSignIn(services: SignInServices, page: OAuthSignInPage, run: RunTarget, signal: AbortSignal, progress: (title: string) => void) {
  const { t } = run;
  return {
    redirectUri: page.redirectUri,
    signIn: (pkce: PkceSignIn, provider: OAuthProvider) =>
      new Promise<AccessToken>((resolve, reject) => {
        const minutes = Math.round(OAUTH_LINK_TTL_MS / 60_000);
        const stop = (error: unknown): void => {
          clearTimeout(expiry);
          signal.removeEventListener('abort', onAbort);
          page.revoke(run.id);
          reject(error);
        };
        const expiry = setTimeout(() => stop(new OAuthError(OAUTH_ERROR_CODES.expired, 'the sign-in link expired before the user signed in')), OAUTH_LINK_TTL_MS);
        const onAbort = (): void => stop(new OAuthError(OAUTH_ERROR_CODES.aborted, 'sign-in cancelled'));
        signal.addEventListener('abort', onAbort, { once: true });
        const link = page.issue(run.id, {
          signIn: pkce,
          language: run.language,
          onToken: (token) => {
            clearTimeout(expiry);
            signal.removeEventListener('abort', onAbort);
            resolve(token);
          },
          onError: stop,
        });
        const shown: RenderedSignInCode = {
          title: t('oauth:chat.code_title', { provider: provider.name }),
          message: [{ kind: 'text', text: t('oauth:device.pkce_link', { provider: provider.name, count: minutes }) }, { kind: 'code', text: link.toString() }],
          url: link.toString(),
          buttonLabel: t('oauth:device.pkce_button', { provider: provider.name }),
          expiresInMinutes: minutes,
        };
        services.showSignInCode(shown).then(
          (ok) => (ok ? progress(t('oauth:chat.waiting_browser', { provider: provider.name, count: minutes })) : stop(new OAuthError(OAUTH_ERROR_CODES.notConfigured, 'this chat cannot show the sign-in link to the user alone'))),
          stop,
        );
      }),
  };
}

function noSetup(): SignInOutcome {
  // The offer is made only with a configuration; a stored conversation from another deploy may lack it.
  const error = new OAuthError(OAUTH_ERROR_CODES.notConfigured, 'the bot has no OAuth configuration');
  return { kind: 'no_token', code: error.code, finding: { cause: 'oauth.not_configured', severity: 'warning', target: 'account', facts: { provider: 'OAuth', user: '', error: error.code, response: error.message, source: 'README "Sign in with Microsoft or Google"' } } };
}
