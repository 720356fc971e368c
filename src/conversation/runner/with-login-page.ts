import { createLoginPageServer, type LoginPageOptions, type LoginPageServer } from '../../secure-login/login-page-server';
import { createOAuthSignInPage } from '../../secure-login/oauth-sign-in-page';
import { ConversationRunner } from './runner';
import type { RunnerDependencies, RunnerLogger } from './runner-dependencies';
import { MemoryPreferenceStore } from '../../store/preference-store';

/**
 * A runner and the one-time password page wired to each other: the runner issues the page's
 * links for its conversations' login step, and a password submitted on the page enters the
 * conversation as the login form's answer. The caller serves the page (`page.listen(PORT)` or
 * `page.handle` under its own HTTP server) and closes it.
 */
export function withLoginPage(
  deps: Omit<RunnerDependencies, 'loginLinks' | 'oauthPage'>,
  pageOptions: Omit<LoginPageOptions, 'onSubmit'>,
): { runner: ConversationRunner; page: LoginPageServer } {
  // The page needs the runner to hand the password to, the runner the page to issue links.
  let runner: ConversationRunner | undefined;
  // Beside it, the OAuth sign-in page (authorization code + PKCE) for providers without a device flow for mail.
  const oauthPage = createOAuthSignInPage({ publicUrl: pageOptions.publicUrl, ...(pageOptions.defaultLanguage ? { defaultLanguage: pageOptions.defaultLanguage } : {}) });
  const page = createLoginPageServer({
    ...pageOptions,
    oauthPage,
    onSubmit: (conversationKey, password) => runner!.submitLoginPassword(conversationKey, password),
  });
  runner = new ConversationRunner({ ...deps, loginLinks: page, oauthPage });
  return { runner, page };
}

/** What a chat adapter's start options give its runner. */
export type ChatRunnerOptions = Pick<
  RunnerDependencies,
  'store' | 'discover' | 'diagnose' | 'checkTargets' | 'preferences' | 'diagnoseOptions' | 'defaultLanguage' | 'limits' | 'commands' | 'records' | 'onOutage' | 'triage' | 'coordination' | 'metrics' | 'signIn'
> & {
  /** MAILHELP_PUBLIC_URL: serve the one-time login page instead of the chat's login form. */
  publicUrl?: string | undefined;
};

/**
 * A runner as a chat adapter needs it: with the one-time login page when the bot has a public
 * URL (the page's field is masked, a chat modal's is not), else a plain runner.
 */
export function runnerForChat(
  { publicUrl, preferences, ...options }: ChatRunnerOptions,
  logger: RunnerLogger & NonNullable<LoginPageOptions['logger']>,
): { runner: ConversationRunner; page: LoginPageServer | undefined } {
  const deps = { ...options, preferences: preferences ?? new MemoryPreferenceStore(), logger };
  if (!publicUrl) return { runner: new ConversationRunner(deps), page: undefined };
  return withLoginPage(deps, { publicUrl, logger, ...(deps.defaultLanguage ? { defaultLanguage: deps.defaultLanguage } : {}) });
}
