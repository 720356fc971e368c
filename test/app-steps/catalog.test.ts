import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import nodemailer from 'nodemailer';
import { APP_IDS } from '../../src/app-steps/apps';
import { APP_SETTINGS } from '../../src/app-steps/app-setting';
import { appStepsFor } from '../../src/app-steps/app-steps-text';
import { APP_STEPS } from '../../src/app-steps/catalog';
import { changesFor } from '../../src/app-steps/changes';
import { renderAppSteps } from '../../src/app-steps/render-app-steps';
import { smtpSnippets } from '../../src/app-steps/snippets';
import { LANGUAGES, LOCALES_DIR, translator } from '../../src/i18n/translator';
import { buildReportDocument } from '../../src/report-document/build-report-document';
import type { Target } from '../../src/settings/server-settings';
import { findingChanging, SETTINGS } from './support';
import { skipBecause } from '../support/skip';

type Tree = { [key: string]: string | Tree };
const locale = (language: string): Tree => JSON.parse(readFileSync(join(LOCALES_DIR, language, 'apps.json'), 'utf8')) as Tree;
const QUOTED = /"[^"]*"|„[^“]*“|«[^»]*»|“[^”]*”|「[^」]*」/gu;
/** A step without the labels and values it quotes: what the language itself has to say. */
const words = (step: string): string => step.replace(QUOTED, '').replace(/[\d.:…>()]+/gu, '').replace(/\S+\.test\b/gu, '').trim();

describe('app steps: every entry in every language', () => {
  it('each entry has versions, an https source, and covers at least one side', () => {
    for (const entry of APP_STEPS) {
      const where = `${entry.app}/${entry.setting}`;
      assert.match(entry.source, /^https:\/\/[\w.-]+\//u, where);
      for (const url of Object.values(entry.labelSources ?? {})) assert.match(url ?? '', /^https:\/\//u, where);
      assert.ok('from' in entry.versions ? entry.versions.from : entry.versions.list, `${where}: no versions`);
      assert.ok(Object.keys(entry.sides).length > 0, `${where}: no side`);
    }
    const keys = APP_STEPS.map((e) => `${e.app}/${e.setting}`);
    assert.equal(new Set(keys).size, keys.length, 'one entry per app and setting');
  });

  it('every app has steps for the port and the security, and every setting is covered by most apps', () => {
    for (const app of APP_IDS) {
      for (const setting of ['port', 'user_name', 'app_password'] as const) assert.ok(APP_STEPS.some((e) => e.app === app && e.setting === setting), `${app} has no ${setting} steps`);
    }
    for (const setting of APP_SETTINGS) assert.ok(APP_STEPS.filter((e) => e.setting === setting).length >= 7, `${setting}: only a few apps`);
  });

  for (const entry of APP_STEPS) {
    for (const side of Object.keys(entry.sides) as Target[]) {
      it(`${entry.app} / ${entry.setting} / ${side}: rendered in all six languages`, () => {
        const finding = findingChanging(entry.setting, side);
        assert.ok(changesFor(finding, SETTINGS).some((c) => c.setting === entry.setting && c.side === side), 'the finding asks for this change');
        const steps = appStepsFor(entry.app, finding, SETTINGS);
        assert.ok(steps, 'steps for the finding');
        assert.ok(steps.sources.includes(entry.source), 'the entry was used');
        const english = renderAppSteps(translator('en'), steps);
        for (const language of LANGUAGES) {
          const rendered = renderAppSteps(translator(language), steps);
          assert.ok(rendered.steps.length >= 2, `${language}: ${rendered.steps.length} steps`);
          for (const text of [rendered.title, ...rendered.steps, ...rendered.notes]) {
            assert.doesNotMatch(text, /\{\{|apps:|label\.|step\.|undefined/u, `${language}: ${text}`);
          }
          if (language !== 'en') {
            for (const [i, step] of rendered.steps.entries()) {
              const own = words(step);
              if (own) assert.notEqual(own, words(english.steps[i] ?? ''), `${language} step ${i + 1} is English: ${step}`);
            }
          }
        }
      });
    }
  }

  it('every label the catalog names exists, in English quotes or in the language\'s own label', () => {
    const english = locale('en').label as Record<string, Record<string, string>>;
    const source = readFileSync(join(__dirname, '..', '..', 'src', 'app-steps', 'catalog', 'outlook-windows.ts'), 'utf8');
    assert.match(source, /label\('more_settings'\)/u);
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      const labels = locale(language).label as Record<string, Record<string, string>>;
      for (const [app, names] of Object.entries(english)) {
        for (const [name, value] of Object.entries(names)) {
          const own = labels[app]?.[name];
          assert.ok(own, `${language}: label.${app}.${name} missing`);
          assert.match(value, /^".*"$/u, `en label.${app}.${name} is quoted`);
          if (own !== value) assert.match(own, /^(„.*“|«.*»|« .* »|“.*”|「.*」)$/u, `${language}: label.${app}.${name} = ${own}`);
        }
      }
    }
  });

  it('the app buttons fit Slack (75) and Discord (80) button labels in every language', () => {
    for (const language of LANGUAGES) {
      const choices = locale(language).choice as Record<string, string>;
      assert.deepEqual(Object.keys(choices).sort(), [...APP_IDS, 'dont_know'].sort());
      for (const [id, label] of Object.entries(choices)) assert.ok([...label].length <= 75, `${language} ${id}: ${label}`);
    }
  });

  it('German classic Outlook shows the labels German Outlook shows (the STARTTLS-on-993 closing case)', () => {
    const finding = { ...findingChanging('security', 'incoming'), cause: 'tls.starttls_on_implicit_port' as const, fix: { summary: '', steps: [], settings: { port: 993, security: 'tls' as const } } };
    const rendered = renderAppSteps(translator('de'), appStepsFor('outlook_classic', finding, { ...SETTINGS, incoming: { ...SETTINGS.incoming!, port: 993 } })!);
    // Only what a German source shows is German: the More Settings dialog's labels stay English (see the entry's source note).
    assert.deepEqual(rendered.steps.slice(0, 3), ['Öffnen Sie „Datei“ > „Kontoeinstellungen“ > „Kontoeinstellungen“.', 'Wählen Sie Ihr Konto und dann "Change".', 'Wählen Sie "More Settings" und dann den Reiter "Advanced".']);
    assert.match(rendered.steps[3] ?? '', /"Incoming server \(IMAP\)".*„SSL\/TLS“/u);
    assert.deepEqual(rendered.steps.slice(4), ['Wählen Sie „OK“ und dann „Weiter“.', 'Wählen Sie „Fertigstellen“.']);
  });

  it('the steps cite where the labels of the reader\'s language come from, beside the steps\' own source', () => {
    const finding = findingChanging('security', 'incoming');
    const steps = appStepsFor('outlook_classic', finding, SETTINGS)!;
    const entry = APP_STEPS.find((e) => e.app === 'outlook_classic' && e.setting === 'security')!;
    const german = renderAppSteps(translator('de'), steps, 'de').sources;
    assert.deepEqual(german, [entry.source, entry.labelSources!.de]);
    assert.deepEqual(renderAppSteps(translator('ja'), steps, 'ja').sources, [entry.source], 'no Japanese label source: only the steps\' source');
    const doc = buildReportDocument({ verdict: 'problem', settings: SETTINGS, findings: [finding], checks: [], vantage: { host: 'bot', description: '' }, durationMs: 1 }, translator('de'), { language: 'de', app: 'outlook_classic' });
    const section = doc.sections.find((s) => s.kind === 'finding');
    assert.ok(section?.kind === 'finding' && section.appSteps?.sources.some((line) => line.includes(entry.labelSources!.de!)), 'the German report cites the German label source');
  });

  it('every entry says in its source note what its sources show, and its unchecked labels exist', () => {
    const english = locale('en').label as Record<string, Record<string, string>>;
    for (const entry of APP_STEPS) {
      assert.ok(entry.sourceNote.length > 40, `${entry.app}/${entry.setting}: no source note`);
      for (const name of entry.unverified ?? []) assert.ok(english[entry.app]?.[name], `${entry.app}: unverified ${name} is no label`);
    }
  });

  it('a label no source shows is the English one in every language; a label of its own needs a source in that language', () => {
    const inner = (label: string): string => label.replace(/^(?:"|„|«\s?|“|「)|(?:"|“|\s?»|”|」)$/gu, '');
    const english = locale('en').label as Record<string, Record<string, string>>;
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      const labels = locale(language).label as Record<string, Record<string, string>>;
      for (const app of APP_IDS) {
        const entries = APP_STEPS.filter((e) => e.app === app);
        const unverified = new Set(entries.flatMap((e) => e.unverified ?? []));
        const sourced = entries.some((e) => e.labelSources?.[language]);
        for (const [name, value] of Object.entries(labels[app] ?? {})) {
          const en = english[app]![name]!;
          if (unverified.has(name)) assert.equal(value, en, `${language}: ${app}.${name} has no source, so it is the English label`);
          if (inner(value) !== inner(en)) assert.ok(sourced, `${language}: ${app}.${name} = ${value}, but no ${language} source for ${app}`);
        }
      }
    }
  });

  it('steps that show an unchecked label say so; steps whose labels all have a source do not', () => {
    const note = /Not every label in quotes above could be checked against a source/u;
    const samsung = renderAppSteps(translator('en'), appStepsFor('samsung_email', findingChanging('port', 'incoming'), SETTINGS)!);
    assert.match(samsung.notes.join('\n'), note);
    const thunderbird = renderAppSteps(translator('en'), appStepsFor('thunderbird', findingChanging('port', 'incoming'), SETTINGS)!);
    assert.doesNotMatch(thunderbird.notes.join('\n'), note);
    // Classic Outlook's STARTTLS-on-993 steps use only labels with a source.
    const finding = { ...findingChanging('security', 'incoming'), cause: 'tls.starttls_on_implicit_port' as const, fix: { summary: '', steps: [], settings: { port: 993, security: 'tls' as const } } };
    const outlook = renderAppSteps(translator('en'), appStepsFor('outlook_classic', finding, { ...SETTINGS, incoming: { ...SETTINGS.incoming!, port: 993 } })!);
    assert.doesNotMatch(outlook.notes.join('\n'), note);
    for (const language of LANGUAGES) {
      const rendered = renderAppSteps(translator(language), appStepsFor('samsung_email', findingChanging('port', 'incoming'), SETTINGS)!);
      assert.ok(rendered.notes.some((n) => n.includes(translator(language)('apps:app.samsung_email'))), language);
    }
  });

  it('apps whose one switch covers SSL/TLS and STARTTLS (iPhone "Use SSL", Mac "Use TLS/SSL") turn it on for STARTTLS too; off only for no encryption', () => {
    const starttls = { ...findingChanging('security', 'outgoing'), fix: { summary: '', steps: [], settings: { port: 587, security: 'starttls' as const } } };
    const plain = { ...SETTINGS, outgoing: { ...SETTINGS.outgoing!, security: 'none' as const } };
    for (const app of ['iphone_mail', 'apple_mail', 'outlook_mac'] as const) {
      const rendered = renderAppSteps(translator('en'), appStepsFor(app, starttls, plain)!).steps.join('\n');
      assert.match(rendered, /(?:Turn on|Tick) "Use (?:SSL|TLS\/SSL|SSL to connect)"/u, app);
    }
  });

  it('a finding that changes nothing in an app (an expired certificate) has no app steps', () => {
    const expired = { cause: 'tls.cert_expired' as const, severity: 'error' as const, target: 'incoming' as const, evidence: '', fix: { summary: '', steps: [] }, facts: {} };
    assert.equal(appStepsFor('thunderbird', expired, SETTINGS), undefined);
  });

  it('a setting an app has no field for says so instead of inventing steps', () => {
    const steps = appStepsFor('outlook_new', findingChanging('auth_method', 'incoming'), SETTINGS);
    const rendered = renderAppSteps(translator('en'), steps!);
    assert.deepEqual(rendered.steps, []);
    assert.match(rendered.notes[0] ?? '', /New Outlook for Windows has no separate setting for the authentication method/u);
  });

  it('old apps and devices: a TLS 1.0/basic-auth cause names what can no longer connect, in every language', () => {
    const old = { cause: 'tls.protocol_version' as const, severity: 'error' as const, target: 'outgoing' as const, evidence: '', fix: { summary: '', steps: [] }, facts: {} };
    for (const app of APP_IDS) {
      for (const language of LANGUAGES) {
        const rendered = renderAppSteps(translator(language), appStepsFor(app, old, SETTINGS)!);
        assert.equal(rendered.notes.length, 1, `${app} ${language}`);
        assert.doesNotMatch(rendered.notes[0]!, /apps:|\{\{/u);
      }
    }
    const device = renderAppSteps(translator('en'), appStepsFor('sending_device', old, SETTINGS)!);
    assert.match(device.notes[0]!, /TLS 1\.0\/1\.1.*SMTP relay.*app password/su);
    assert.match(renderAppSteps(translator('en'), appStepsFor('outlook_classic', old, SETTINGS)!).notes[0]!, /Outlook 2010/u);
  });
});

describe('app steps: snippets for a device or program that sends mail', () => {
  it('the outgoing fix comes as nodemailer, PHPMailer and smtplib settings with the new port and security', () => {
    const steps = appStepsFor('sending_device', findingChanging('port', 'outgoing'), SETTINGS)!;
    assert.deepEqual(steps.snippets.map((s) => s.library), ['nodemailer', 'PHPMailer', 'Python smtplib']);
    for (const snippet of steps.snippets) {
      assert.match(snippet.code, /2525/u, snippet.library);
      assert.match(snippet.code, /smtp\.acme\.test/u, snippet.library);
      assert.doesNotMatch(snippet.code, /password"?\s*[:=]\s*["'][^"']/iu, 'no password in a snippet');
    }
  });

  it('the nodemailer snippet builds the transport nodemailer really uses (implicit TLS on 465, STARTTLS required on 587)', () => {
    for (const [security, port, secure] of [['tls', 465, true], ['starttls', 587, false]] as const) {
      const code = smtpSnippets({ host: 'smtp.acme.test', port, security }, 'alice@acme.test').find((s) => s.library === 'nodemailer')!.code;
      const transporter = new Function('nodemailer', 'process', `${code}\nreturn transporter;`)(nodemailer, { env: { SMTP_PASSWORD: 'x' } }) as ReturnType<typeof nodemailer.createTransport>;
      const options = (transporter as unknown as { options: { port: number; secure: boolean; requireTLS?: boolean; host: string } }).options;
      assert.equal(options.port, port);
      assert.equal(options.secure, secure);
      assert.equal(options.requireTLS === true, security === 'starttls');
      transporter.close();
    }
  });

  it('the smtplib snippet is valid Python', function () {
    let python: string;
    try {
      python = execFileSync('python3', ['--version'], { encoding: 'utf8' });
    } catch {
      skipBecause(this, 'python3 is not installed (.ci/run installs it)');
    }
    assert.match(python, /Python 3/u);
    for (const security of ['tls', 'starttls', 'none'] as const) {
      const code = smtpSnippets({ host: 'smtp.acme.test', port: 587, security }, 'alice@acme.test').find((s) => s.library === 'Python smtplib')!.code;
      execFileSync('python3', ['-c', `import ast, sys; ast.parse(sys.stdin.read())`], { input: code });
    }
  });
});
