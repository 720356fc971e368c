import { createLoginPageServer, type LoginPageOptions, type LoginPageServer } from '../../secure-login/login-page-server';
import { ConversationRunner } from './runner';
import type { RunnerDependencies } from './runner-dependencies';

/**
 * A runner and the one-time password page wired to each other: the runner issues the page's
 * links for its conversations' login step, and a password submitted on the page enters the
 * conversation as the login form's answer. The caller serves the page (`page.listen(PORT)` or
 * `page.handle` under its own HTTP server) and closes it.
 */
export function withLoginPage(
  deps: Omit<RunnerDependencies, 'loginLinks'>,
  pageOptions: Omit<LoginPageOptions, 'onSubmit'>,
): { runner: ConversationRunner; page: LoginPageServer } {
  // The page needs the runner to hand the password to, the runner the page to issue links.
  let runner: ConversationRunner | undefined;
  const page = createLoginPageServer({
    ...pageOptions,
    onSubmit: (conversationKey, password) => runner!.submitLoginPassword(conversationKey, password),
  });
  runner = new ConversationRunner({ ...deps, loginLinks: page });
  return { runner, page };
}

/**
 * A runner as a chat adapter needs it: with the one-time login page when the bot has a public
 * URL (the page's field is masked, a chat modal's is not), else a plain runner.
 */
export function runnerForChat(
  deps: Omit<RunnerDependencies, 'loginLinks'>,
  publicUrl: string | undefined,
  logger: LoginPageOptions['logger'],
): { runner: ConversationRunner; page: LoginPageServer | undefined } {
  if (!publicUrl) return { runner: new ConversationRunner(deps), page: undefined };
  return withLoginPage(deps, {
    publicUrl,
    ...(logger ? { logger } : {}),
    ...(deps.defaultLanguage ? { defaultLanguage: deps.defaultLanguage } : {}),
  });
}
