import assert from 'node:assert/strict';
import { withScheme } from '../../src/cli/diagnose-args';
import { DIAGNOSE_OPTIONS, DISCOVER_OPTIONS } from '../../src/cli/help-text';
import { LANGUAGES } from '../../src/i18n/translator';
import { type CliResult, runCli, runMain } from './run-cli';

/** `mailhelp ARGS` in this process, with its own environment and standard input. */
const mailhelp = (argv: string[], env: NodeJS.ProcessEnv = {}, stdin = ''): Promise<CliResult> => runMain(argv, { env, stdin });

/** Flags the help must name: every option the parser accepts (help-text lists them by hand). */
const DIAGNOSE_FLAGS = ['--incoming', '--incoming-security', '--outgoing', '--outgoing-security', '--user', '--password-env', '--password-stdin', '--oauth', '--dns-server', '--dnsbl', '--timeout', '--allow-net', '--lang', '--json', '--help'];
const DISCOVER_FLAGS = ['--json', '--dns-server', '--timeout', '--allow-net', '--lang', '--help'];

/** English words of the help that must not reach another language's reader. */
const ENGLISH_HELP_WORDS = /\b(?:Usage|Commands|Examples|Exit codes|Environment|check the servers|deadline|the password)\b/u;

describe('mailhelp help and usage errors (in-process, main(argv, io))', () => {
  it('mailhelp --help names every command, an example, the exit codes and the environment', async () => {
    const { code, stdout, stderr } = await mailhelp(['--help']);
    assert.equal(code, 0);
    assert.equal(stderr, '');
    for (const command of ['start', 'diagnose', 'discover', 'help']) assert.match(stdout, new RegExp(`^  ${command}\\b`, 'mu'), command);
    assert.match(stdout, /Examples:\n {2}mailhelp diagnose alice@example\.com/u);
    assert.match(stdout, /Exit codes:\n {2}0 +everything works[^\n]*\n {2}1 +a problem was found\n {2}2 +bad usage/u);
    for (const variable of ['MAILHELP_LANG', 'MAILHELP_ALLOW_NETS', 'MAILHELP_TIMEOUT_MS', 'SLACK_BOT_TOKEN', 'DISCORD_TOKEN', 'LOG_LEVEL']) assert.match(stdout, new RegExp(variable, 'u'));
    assert.deepEqual(await mailhelp(['help']), { code, stdout, stderr });
    assert.deepEqual(await mailhelp(['-h']), { code, stdout, stderr });
  });

  it('diagnose --help and discover --help list each of their options with one line', async () => {
    const diagnose = await mailhelp(['diagnose', '--help']);
    assert.equal(diagnose.code, 0);
    for (const flag of DIAGNOSE_FLAGS) assert.match(diagnose.stdout, new RegExp(`^  (?:-h, )?${flag}\\b[^\\n]* \\S`, 'mu'), flag);
    assert.deepEqual(DIAGNOSE_OPTIONS.map(([name]) => name.split(' ')[0]!.replace(/,$/u, '')).sort(), [...DIAGNOSE_FLAGS.filter((f) => f !== '--help'), '-h'].sort());
    assert.match(diagnose.stdout, /Passwords never go on the command line/u);
    assert.equal((await mailhelp(['help', 'diagnose'])).stdout, diagnose.stdout);

    const discover = await mailhelp(['discover', '--help']);
    assert.equal(discover.code, 0);
    for (const flag of DISCOVER_FLAGS) assert.match(discover.stdout, new RegExp(`^  (?:-h, )?${flag}\\b`, 'mu'), flag);
    assert.equal(DISCOVER_OPTIONS.length, DISCOVER_FLAGS.length);
    assert.match(discover.stdout, /Exit codes:\n {2}0 +settings were found\n {2}1 +no settings were found/u);

    const start = await mailhelp(['start', '--help']);
    assert.equal(start.code, 0);
    assert.match(start.stdout, /Ctrl-C/u);
  });

  for (const language of LANGUAGES.filter((l) => l !== 'en')) {
    it(`${language}: the help is in that language, by --lang or MAILHELP_LANG`, async () => {
      const byEnv = await mailhelp(['--help'], { MAILHELP_LANG: language });
      assert.doesNotMatch(byEnv.stdout, ENGLISH_HELP_WORDS);
      const diagnose = await mailhelp(['diagnose', '--help', '--lang', language]);
      assert.doesNotMatch(diagnose.stdout, ENGLISH_HELP_WORDS);
      assert.match(diagnose.stdout, /--password-stdin/u);
    });
  }

  it('an unknown command says so in one line and lists the commands (exit 2)', async () => {
    const { code, stdout, stderr } = await mailhelp(['diagnos']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    const [first, ...rest] = stderr.trimEnd().split('\n');
    assert.equal(first, 'mailhelp: unknown command diagnos');
    assert.match(rest.join('\n'), /Commands:\n {2}start[\s\S]*\n {2}diagnose[\s\S]*\n {2}discover/u);
  });

  it('--password on the command line is refused with the two ways that work, the value never shown', async () => {
    for (const argv of [['--password', 'hunter2'], ['--password=hunter2'], ['-p', 'x', '--pass', 'hunter2']]) {
      const { code, stdout, stderr } = await mailhelp(['diagnose', 'alice@example.com', ...argv]);
      assert.equal(code, 2, argv.join(' '));
      assert.equal(stdout, '');
      assert.equal(stderr, 'mailhelp: passwords never go on the command line: use --password-env VAR or --password-stdin\n');
    }
    const german = await mailhelp(['diagnose', '--password', 'hunter2', '--lang', 'de']);
    assert.match(german.stderr, /^mailhelp: Passwörter gehören nie in die Befehlszeile/u);
  });

  it('parser errors are our words, naming the help to read', async () => {
    assert.equal((await mailhelp(['diagnose', '--incoming'])).stderr, 'mailhelp: --incoming needs a value; see mailhelp diagnose --help\n');
    assert.equal((await mailhelp(['diagnose', '--json=yes', 'a@b.example'])).stderr, 'mailhelp: --json takes no value; see mailhelp diagnose --help\n');
    assert.equal((await mailhelp(['discover', '--nope', 'a@b.example'])).stderr, 'mailhelp: unknown option --nope; see mailhelp discover --help\n');
    assert.equal((await mailhelp(['diagnose', 'a@b.example', 'c@d.example'])).stderr, 'mailhelp: unexpected argument c@d.example; see mailhelp diagnose --help\n');
    const japanese = await mailhelp(['diagnose', '--nope'], { MAILHELP_LANG: 'ja' });
    assert.match(japanese.stderr, /^mailhelp: 不明なオプション --nope/u);
  });

  it('--incoming HOST:PORT without a scheme is read from the port; an unusual port shows the form to use', async () => {
    // Refused by the target policy (example.com resolves nowhere here): the point is that the
    // server spec was understood, which shows in the report's settings.
    const bad = await mailhelp(['diagnose', '--incoming', 'imap.acme.test:1234']);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, 'mailhelp: write the incoming server as imap://HOST:PORT or pop3://HOST:PORT (HOST:PORT alone works for 993, 143, 995 and 110), not imap.acme.test:1234\n');
    assert.equal(withScheme('imap.acme.test:993', 'incoming'), 'imap://imap.acme.test:993');
    assert.equal(withScheme('pop.acme.test:995', 'incoming'), 'pop3://pop.acme.test:995');
    assert.equal(withScheme('mail.acme.test:143', 'incoming'), 'imap://mail.acme.test:143');
    assert.equal(withScheme('smtp.acme.test:587', 'outgoing'), 'smtp://smtp.acme.test:587');
    assert.equal(withScheme('imaps://imap.acme.test', 'incoming'), 'imaps://imap.acme.test');
  });

  it('an empty password is bad input (exit 2, one line), from stdin or from the variable', async () => {
    // The policy lets 127.0.0.1 through here: a refused server would not have its password asked for at all.
    const target = ['diagnose', '--incoming', 'imap://127.0.0.1:993', '--allow-net', '127.0.0.1/32', '--user', 'alice'];
    for (const [argv, env, stdin] of [[['--password-stdin'], {}, ''], [['--password-stdin'], {}, '\n'], [['--password-env', 'MAIL_PW'], { MAIL_PW: '' }, '']] as const) {
      const { code, stdout, stderr } = await mailhelp([...target, ...argv], { ...env }, stdin);
      assert.equal(code, 2, stderr);
      assert.equal(stdout, '');
      assert.match(stderr, /^mailhelp: the password is empty: [^\n]*\n$/u);
    }
  });
});

describe('mailhelp --help through the real binary', function () {
  this.timeout(30_000);
  // bin/mailhelp.js compiles dist/ first when the sources changed: do that once, outside the timing.
  before(function () {
    this.timeout(300_000);
    (require('../../bin/build') as { ensureBuilt(): void }).ensureBuilt();
  });
  it('prints the same help as main() and exits 0', async () => {
    const real = await runCli(['--help']);
    assert.equal(real.code, 0, real.stderr);
    assert.equal(real.stdout, (await mailhelp(['--help'])).stdout);
  });
});
