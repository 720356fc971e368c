import { refusalNotice } from '../conversation/steps/target-check';
import { renderString } from '../conversation/runner/render-effects';
import { createCheckTargets } from '../diagnosis/check-targets';
import { diagnose } from '../diagnosis/diagnose';
import type { DiagnoseOptions } from '../diagnosis/diagnose-request';
import type { Report } from '../diagnosis/report';
import type { AccountSettings, Credentials } from '../settings/server-settings';
import { type Translate, translator } from '../i18n/translator';
import { buildReportDocument } from '../report-document/build-report-document';
import { renderDocumentText } from '../report-document/render-text';
import { parseDiagnoseArgs } from './diagnose-args';
import { discoveryNote, settingsFromDiscovery } from './discover-command';
import { helpText, languageOf } from './help-text';
import { DEFAULT_TIMEOUT_MS } from '../diagnosis/diagnose-request';
import { sideBySide } from '../oauth/side-by-side';
import { withSignInFinding } from '../oauth/sign-in-report';
import { cliSignIn } from './oauth-sign-in';
import { readPassword } from './read-password';

export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream;
}

/** `mailhelp diagnose`: exit 0 when fine or warnings only, 1 when a problem was found. */
export async function runDiagnose(argv: string[], io: CommandIo): Promise<number> {
  const args = parseDiagnoseArgs(argv, io.env);
  if (args === 'help') {
    io.stdout.write(`${helpText('diagnose', translator(languageOf(argv, io.env)))}\n`);
    return 0;
  }
  // A password in the environment is given already; one from stdin is asked for (a person may
  // be typing it): only once the target policy has let the servers through.
  const fromEnv = args.password.from === 'env' ? await readPassword(args.password, io.env, io.stdin as AsyncIterable<Buffer | string>) : undefined;
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  try {
    const options = { ...args.options, signal: controller.signal };
    // Only an email address: discover the settings first, then diagnose the best ones.
    const found = args.discover && args.settings.email ? await settingsFromDiscovery(args.settings.email, options) : undefined;
    const settings = found?.settings ?? args.settings;
    const t = translator(args.language);
    const asks = args.password.from === 'stdin' || (args.oauth && args.user !== undefined);
    const everyServerRefused = asks && (await refusedBeforeAsking(settings, options, io, t));
    const password = args.password.from === 'stdin' && !everyServerRefused ? await readPassword(args.password, io.env, io.stdin as AsyncIterable<Buffer | string>) : fromEnv;
    const passwordCredentials = password !== undefined && args.user ? { user: args.user, password } : undefined;
    const run = (credentials?: Credentials): Promise<Report> =>
      diagnose({ settings, ...(found ? { discovery: found.result } : {}), ...(credentials ? { credentials } : {}), options }, args.language);
    let report: Report;
    if (args.oauth && args.user && !everyServerRefused) {
      // --oauth beside a password: the password's test first (the token then lives only for its
      // own test), and the report sets both results side by side, as the chat does.
      const passwordReport = passwordCredentials ? await run(passwordCredentials) : undefined;
      const signIn = await cliSignIn(settings, args.user, io, t, { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, signal: controller.signal, discoveryId: found?.result.provider?.id });
      // The token takes the password's place for this one test, and is revoked after it.
      try {
        report = await run(signIn.kind === 'token' ? signIn.credentials : undefined);
      } finally {
        if (signIn.kind === 'token') await signIn.dispose();
      }
      if (signIn.kind === 'no_token') report = withSignInFinding(report, signIn.finding, t);
      if (passwordReport) report = sideBySide(passwordReport, report, t);
    } else report = await run(passwordCredentials);
    if (found && !found.result.notFound && !args.json) io.stdout.write(`${discoveryNote(found.result, translator(args.language))}\n\n`);
    io.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderDocumentText(buildReportDocument(report, translator(args.language), { language: args.language }), { details: true })}\n`);
    return report.verdict === 'problem' ? 1 : 0;
  } finally {
    process.off('SIGINT', stop);
  }
}

/**
 * Before anything secret is asked for (stdin, an OAuth sign-in), the target policy on the
 * resolved servers, as the chat does: a refused server is named on stderr. True when every
 * server is refused: then nothing is asked, and the report explains the refusal.
 */
async function refusedBeforeAsking(settings: AccountSettings, options: DiagnoseOptions, io: CommandIo, t: Translate): Promise<boolean> {
  const refusals = await createCheckTargets(options)(settings, options.signal ? { signal: options.signal } : {});
  if (refusals.length === 0) return false;
  const refused = new Set(refusals.map((r) => r.target));
  const allowed = (['incoming', 'outgoing'] as const).flatMap((side) => {
    const server = settings[side];
    return server && !refused.has(side) ? [`${server.host}:${server.port}`] : [];
  });
  io.stderr.write(`${renderString(t, refusalNotice(refusals, allowed))}\n`);
  return allowed.length === 0;
}
