'use strict';
// The compiled build: tsc turns app/, src/ and adapters/ into JavaScript in dist/, which is what
// bin/mailhelp.js runs. `npm run build` builds; ensureBuilt() builds only when dist/ is missing
// or older than its sources, so a fresh clone still just works after `npm install`.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
/** Written last, with the time the build started: a dist/ without it never finished. */
const STAMP = '.built';
/** What dist/ is made from. A folder's own time counts too: deleting a file changes it. */
const SOURCES = ['app', 'src', 'adapters', 'tsconfig.json', 'tsconfig.build.json'];

function newestChange(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(file)) newest = Math.max(newest, newestChange(path.join(file, entry)));
  return newest;
}

function isFresh() {
  let builtAt;
  try {
    builtAt = fs.statSync(path.join(DIST, STAMP)).mtimeMs;
  } catch {
    return false;
  }
  return SOURCES.every((source) => newestChange(path.join(ROOT, source)) <= builtAt);
}

/**
 * Compiles into a folder of its own and swaps it in whole, so a process starting meanwhile
 * never loads half a build; when two build at once, the first to finish wins.
 */
function build() {
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  } catch {
    throw new Error('mailhelp: cannot compile dist/: the typescript package is not installed (run npm install)');
  }
  const startedAt = new Date();
  const out = fs.mkdtempSync(path.join(ROOT, '.dist-'));
  try {
    // tsc's messages go to stderr: stdout is the command's own output (JSON reports).
    const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', out], { stdio: ['ignore', 2, 2] });
    if (result.status !== 0) throw new Error(`mailhelp: tsc failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}); dist/ is unchanged`);
    fs.writeFileSync(path.join(out, STAMP), '');
    fs.utimesSync(path.join(out, STAMP), startedAt, startedAt);
    fs.rmSync(DIST, { recursive: true, force: true });
    try {
      fs.renameSync(out, DIST);
    } catch (error) {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

function ensureBuilt() {
  if (isFresh()) return;
  process.stderr.write('mailhelp: compiling the TypeScript sources into dist/ (once after each change)\n');
  build();
}

/** The compiled module for a source path such as 'app/main', built first when needed. */
function loadBuilt(modulePath) {
  ensureBuilt();
  return require(path.join(DIST, `${modulePath}.js`));
}

module.exports = { build, ensureBuilt, isFresh, loadBuilt };

if (require.main === module) {
  try {
    build();
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  }
}
