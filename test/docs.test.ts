import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { CAUSE_IDS } from '../src/diagnosis/causes';
import { diagnose } from '../src/diagnosis/diagnose';
import { SERVER_REPLY_RULES } from '../src/diagnosis/rules/server-replies';

const ROOT = join(__dirname, '..');
const DOCS = join(ROOT, 'docs');

function between(text: string, name: string): string {
  const match = new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)<!-- ${name}:end -->`, 'u').exec(text);
  assert.ok(match, `docs marker ${name} missing`);
  return match[1]!;
}

function causeTitle(cause: string): string {
  // Causes of a feature may live in its own namespace file (oauth.json holds `oauth.*`; src/i18n/translator fallbackNS).
  const english = {
    ...(JSON.parse(readFileSync(join(ROOT, 'locales', 'en', 'oauth.json'), 'utf8')) as Record<string, unknown>),
    ...(JSON.parse(readFileSync(join(ROOT, 'locales', 'en', 'harden.json'), 'utf8')) as Record<string, unknown>),
    ...(JSON.parse(readFileSync(join(ROOT, 'locales', 'en', 'causes.json'), 'utf8')) as Record<string, unknown>),
  };
  const entry = cause.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], english) as { title?: string } | undefined;
  return entry?.title ?? '';
}

function causeTable(): string {
  return ['| cause | title |', '|---|---|', ...CAUSE_IDS.map((id) => `| \`${id}\` | ${causeTitle(id)} |`), ''].join('\n');
}

/** Every field path of a value: `findings[].fix`, `checks[].name`, … (one level into arrays of objects). */
function fieldPaths(value: Record<string, unknown>, prefix = '', into = new Set<string>()): Set<string> {
  for (const [key, child] of Object.entries(value)) {
    const path = `${prefix}${key}`;
    into.add(path);
    if (Array.isArray(child)) for (const item of child) if (item && typeof item === 'object') for (const k of Object.keys(item)) into.add(`${path}[].${k}`);
  }
  return into;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('docs/ (cannot drift from the code)', () => {
  it('report.md lists every cause id, in the engine order, with its English title', () => {
    const file = join(DOCS, 'report.md');
    const text = readFileSync(file, 'utf8');
    const block = /<!-- causes:start -->\n[\s\S]*?<!-- causes:end -->/u;
    if (process.env.UPDATE_DOCS) writeFileSync(file, text.replace(block, `<!-- causes:start -->\n${causeTable()}<!-- causes:end -->`));
    assert.equal(between(readFileSync(file, 'utf8'), 'causes'), causeTable());
    for (const id of CAUSE_IDS) assert.notEqual(causeTitle(id), '', `${id} has no English title`);
  });

  it('report.md documents every field of a real report, and no field a report lacks', async () => {
    // A real diagnosis: loopback allowed, a port nobody listens on (refused at once).
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const report = await diagnose(
      { settings: { email: 'alice@acme.test', incoming: { protocol: 'imap', host: '127.0.0.1', port, security: 'tls' } }, options: { allowNets: ['127.0.0.0/8'], allowPorts: [port], timeoutMs: 2000 } },
      'en',
    );
    const seen = fieldPaths(report as unknown as Record<string, unknown>);
    const documented = new Set([...between(readFileSync(join(DOCS, 'report.md'), 'utf8'), 'fields').matchAll(/^\| `([^`]+)` \|/gmu)].map((m) => m[1]!));
    assert.deepEqual([...seen].filter((path) => !documented.has(path)), [], 'fields a report has that report.md does not describe');
    // Fields only some reports have (a verified fix, structured check facts) are documented too.
    const optional = new Set(['findings[].fix', 'checks[].about']);
    assert.deepEqual([...documented].filter((path) => !seen.has(path) && !optional.has(path)), [], 'fields report.md describes that a report lacks');
  });

  it('every reply rule cites a section that reply-sources.md has', () => {
    const sources = readFileSync(join(DOCS, 'reply-sources.md'), 'utf8');
    const sections = new Set([...sources.matchAll(/^#{2,3} (§[\d.]+)/gmu)].map((m) => m[1]!));
    const rulesText = ['server-replies.ts', 'provider-replies.ts', 'login-failure.ts'].map((f) => readFileSync(join(ROOT, 'src', 'diagnosis', 'rules', f), 'utf8')).join('\n');
    // Only this page's sections: `reply-sources §6.1, §6.3` (an RFC's own § numbers are not ours).
    const citations = [...rulesText.matchAll(/reply-sources ((?:§[\d.]*\d(?:, )?)+)/gu)].map((m) => m[1]!);
    const cited = new Set(citations.flatMap((c) => c.split(', ')));
    assert.ok(cited.size > 5, 'the rules cite no sections');
    assert.deepEqual([...cited].filter((s) => !sections.has(s)).sort(), []);
    assert.ok(SERVER_REPLY_RULES.every((rule) => rule.source.trim() !== ''), 'a rule without a source');
  });

  it('no file points at DESIGN.md, error-taxonomy.md or a path outside the repository', () => {
    const roots = ['app', 'src', 'adapters', 'test', 'bench', 'bin', 'docs'].map((d) => join(ROOT, d));
    const files = [...roots.flatMap(filesUnder), join(ROOT, 'README.md')].filter((f) => /\.(ts|js|md|json|sh)$/u.test(f) && !f.endsWith('docs.test.ts'));
    const stale = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => [line, i + 1] as const)
        .filter(([line]) => /DESIGN\.md|error-taxonomy|\/work\/(?:shared|main|wt)\b/u.test(line))
        .map(([, n]) => `${relative(ROOT, file)}:${n}`),
    );
    assert.deepEqual(stale, []);
  });
});
