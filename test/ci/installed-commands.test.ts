import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { skipBecause } from '../support/skip';
import { collect, type ScriptCommands, scriptCommands } from './script-commands';

// Issue 15.4: on a fresh Debian machine every command that .ci/run, the lab scripts and the npm
// scripts run must be there or be installed by them. The proof: read every command from the
// scripts' syntax trees and account for each one.

const ROOT = join(__dirname, '..', '..');
const LAB = join(ROOT, 'test', 'lab');
const SCRIPTS = ['.ci/run', ...readdirSync(LAB).filter((f) => f.endsWith('.sh')).map((f) => `test/lab/${f}`)];
/** Node.js itself: the README's one requirement before `npm install`. */
const NODE = new Set(['node', 'npm', 'npx']);

/** What the scripts install: the lab's install list (command, package) and .ci/run's guarded apt-get installs. */
function installed(): Map<string, string> {
  const list = new Map<string, string>();
  const setup = readFileSync(join(LAB, 'setup.sh'), 'utf8');
  const table = /<<'LIST'\n([\s\S]*?)\nLIST\n/u.exec(setup);
  assert.ok(table, "setup.sh has no install list (<<'LIST' … LIST)");
  for (const line of table[1]!.split('\n')) {
    const [command, pkg] = line.trim().split(/\s+/u);
    if (command && pkg) list.set(command.split('/').at(-1)!, pkg);
  }
  for (const m of readFileSync(join(ROOT, '.ci', 'run'), 'utf8').matchAll(/^command -v (\S+) .*apt-get install [^;]* (\S+);/gmu)) list.set(m[1]!, m[2]!);
  return list;
}

/** bash's own builtins and keywords, asked from bash. */
function bashBuiltins(): Set<string> {
  const out = spawnSync('bash', ['-c', 'compgen -b; compgen -k'], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  return new Set(out.stdout.split('\n').filter(Boolean));
}

/** Commands the lab's TypeScript starts (spawn('ip', …), execFileSync('bash', …)). */
function spawnedByLabCode(into: ScriptCommands): void {
  for (const file of readdirSync(LAB).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(LAB, file), 'utf8');
    for (const m of text.matchAll(/\b(?:spawn|spawnSync|execFile|execFileSync)\('([^']+)'/gu)) if (!into.commands.has(m[1]!)) into.commands.set(m[1]!, `test/lab/${file}`);
  }
}

/**
 * The Debian package that owns each command on this machine, and whether every Debian system
 * has it: Essential, or Priority required (what `debootstrap --variant=minbase` installs).
 * Two dpkg-query calls for all of them (merged /usr: dpkg may know /bin/ip as well as /usr/bin/ip).
 */
function debianOwners(commands: string[]): Map<string, { pkg: string; base: boolean }> {
  const pathsOf = new Map<string, string[]>();
  for (const command of commands) {
    const found = ['/usr/bin', '/bin', '/usr/sbin', '/sbin'].map((dir) => join(dir, command)).filter((path) => existsSync(path));
    pathsOf.set(command, [...new Set(found.flatMap((path) => [path, realpathSync(path)]).flatMap((path) => [path, path.replace(/^\/usr/u, '')]))]);
  }
  const allPaths = [...new Set([...pathsOf.values()].flat())];
  const ownerOfPath = new Map<string, string>();
  if (allPaths.length > 0) {
    // Exit 1 when some path is unknown; the known ones are still listed ("pkg[, pkg]: path").
    const out = spawnSync('dpkg-query', ['-S', ...allPaths], { encoding: 'utf8' }).stdout;
    for (const line of out.split('\n')) {
      const m = /^([^:]+): (\/.*)$/u.exec(line);
      if (m) ownerOfPath.set(m[2]!, m[1]!.split(',')[0]!.trim());
    }
  }
  const packages = [...new Set(ownerOfPath.values())];
  const base = new Set<string>();
  if (packages.length > 0) {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own ${Field} format, not a template
    const out = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Essential} ${Priority}\n', ...packages], { encoding: 'utf8' }).stdout;
    for (const line of out.split('\n')) {
      const [pkg, essential, priority] = line.split(' ');
      if (pkg && (essential === 'yes' || priority === 'required')) base.add(pkg.split(':')[0]!);
    }
  }
  const owners = new Map<string, { pkg: string; base: boolean }>();
  for (const [command, paths] of pathsOf) {
    const pkg = paths.map((path) => ownerOfPath.get(path)).find((owner) => owner !== undefined);
    if (pkg) owners.set(command, { pkg, base: base.has(pkg) });
  }
  return owners;
}

describe('CI: every command the scripts run is installed by them or part of every Debian system', () => {
  const found = scriptCommands(SCRIPTS.map((file) => join(ROOT, file)), ROOT);
  spawnedByLabCode(found);

  it('reads the commands from the scripts, through their wrappers', () => {
    for (const command of ['npm', 'apt-get', 'openssl', 'nc', 'dig', 'nft', 'dovecot', 'postfix', 'unbound', 'ss', 'awk', 'base64', 'timeout', 'script']) {
      assert.ok(found.commands.has(command), `${command} not found in the scripts`);
    }
    // `script -qec "ip netns exec $NS postfix …"` and `mhlab_in dig …` are seen inside.
    assert.ok(found.functions.has('mhlab_in') && found.functions.has('install_packages'));
  });

  it('each is a bash builtin, a function of the scripts, Node’s, installed by .ci/run or setup.sh, or from an Essential/required Debian package', function () {
    if (spawnSync('dpkg-query', ['--version']).status !== 0) skipBecause(this, 'dpkg-query is missing: not a Debian system, nothing to check against');
    const builtins = bashBuiltins();
    const installs = installed();
    const unaccounted: string[] = [];
    const accounted: Record<string, string[]> = { builtin: [], function: [], node: [], installed: [], base: [] };
    const rest = [...found.commands.keys()].filter((c) => !builtins.has(c) && !found.functions.has(c) && !NODE.has(c) && !installs.has(c));
    const owners = debianOwners(rest);
    for (const [command, where] of [...found.commands].sort()) {
      if (builtins.has(command)) accounted.builtin!.push(command);
      else if (found.functions.has(command)) accounted.function!.push(command);
      else if (NODE.has(command)) accounted.node!.push(command);
      else if (installs.has(command)) accounted.installed!.push(`${command} (${installs.get(command)})`);
      else {
        const owner = owners.get(command);
        if (owner?.base) accounted.base!.push(`${command} (${owner.pkg})`);
        // Another command of a package the install step installs (doveadm of dovecot-core).
        else if (owner && [...installs.values()].includes(owner.pkg)) accounted.installed!.push(`${command} (${owner.pkg})`);
        else unaccounted.push(`${command} at ${where}${owner ? `: from ${owner.pkg}, which a fresh Debian lacks` : ': no package here has it'}`);
      }
    }
    console.log(`      ${found.commands.size} commands: ${Object.entries(accounted).map(([kind, list]) => `${list.length} ${kind}`).join(', ')}; ${found.dynamic.length} computed first words (${found.dynamic.join(', ')})`);
    assert.deepEqual(unaccounted, [], 'install these in .ci/run or the lab install list (test/lab/setup.sh)');
  });

  it('a command no install step brings is caught (the check can fail)', function () {
    if (spawnSync('dpkg-query', ['--version']).status !== 0) skipBecause(this, 'dpkg-query is missing: not a Debian system');
    const probe: ScriptCommands = { commands: new Map(), functions: new Set(), dynamic: [] };
    collect('timeout 5 ip netns exec mhlab tcpdump -i any\n', 'probe.sh', probe);
    assert.ok(probe.commands.has('tcpdump'), 'the wrapper chain was not followed');
    assert.ok(!installed().has('tcpdump') && !debianOwners(['tcpdump']).get('tcpdump')?.base);
  });

  it('npm scripts run only Node, bash, the repository’s own scripts and installed node_modules binaries', () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const fromScripts: ScriptCommands = { commands: new Map(), functions: new Set(), dynamic: [] };
    for (const [name, text] of Object.entries(scripts)) collect(text, `package.json scripts.${name}`, fromScripts);
    const bin = new Set(readdirSync(join(ROOT, 'node_modules', '.bin')));
    const missing = [...fromScripts.commands.keys()].filter((c) => !NODE.has(c) && c !== 'bash' && !bin.has(c));
    assert.deepEqual(missing, []);
    assert.deepEqual(fromScripts.dynamic, []);
  });
});
