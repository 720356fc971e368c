import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

// The layers of docs/architecture.md, checked on the import graph itself (static imports,
// re-exports, require() and import()), as TypeScript's own pre-processor reads them. Biome's
// noRestrictedImports says the same while editing; this test also sees require() and proves
// on the real tree that it would catch an import that crosses.

const ROOT = join(__dirname, '..');
/** Packages that are a chat platform: only adapters/ may use them. */
const PLATFORM_PACKAGES = ['@slack/bolt', '@slack/web-api', '@slack/socket-mode', 'discord.js', '@discordjs/rest', '@discordjs/ws'];

interface Import {
  file: string;
  specifier: string;
  /** The repository-relative target of a relative import, else the package name. */
  target: string;
}

function tsFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(folder, name).split(sep).join('/'));
}

function importsOf(file: string): Import[] {
  const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles.map(({ fileName: specifier }) => ({
    file,
    specifier,
    target: specifier.startsWith('.') ? relative(ROOT, resolve(dirname(join(ROOT, file)), specifier)).split(sep).join('/') : specifier,
  }));
}

function isUnder(target: string, folder: string): boolean {
  return target === folder || target.startsWith(`${folder}/`);
}

function isPlatform(target: string): boolean {
  return PLATFORM_PACKAGES.some((name) => target === name || target.startsWith(`${name}/`));
}

const describeImport = ({ file, specifier }: Import): string => `${file} imports ${specifier}`;

describe('layers (docs/architecture.md)', () => {
  const srcImports = tsFiles('src').flatMap(importsOf);
  const adapterImports = tsFiles('adapters').flatMap(importsOf);
  const appImports = tsFiles('app').flatMap(importsOf);

  it('reads the imports of the tree (the checks below see what crosses)', () => {
    assert.ok(srcImports.length > 500, `only ${srcImports.length} imports found in src/`);
    // The composition root is where adapters and src/ meet: the reader must see both, and require().
    assert.ok(appImports.some((i) => isUnder(i.target, 'adapters')), 'no import of adapters/ seen in app/');
    assert.ok(adapterImports.some((i) => isPlatform(i.target)), 'no platform package seen in adapters/');
    assert.ok(appImports.some((i) => i.specifier === './start-command'), 'the lazy require() of start-command is not seen');
  });

  it('src/ imports neither adapters/ nor app/', () => {
    assert.deepEqual(srcImports.filter((i) => isUnder(i.target, 'adapters') || isUnder(i.target, 'app')).map(describeImport), []);
  });

  it('src/ imports no chat platform package', () => {
    assert.deepEqual(srcImports.filter((i) => isPlatform(i.target)).map(describeImport), []);
  });

  it('adapters/ do not import app/ (the composition root is imported by nobody)', () => {
    assert.deepEqual(adapterImports.filter((i) => isUnder(i.target, 'app')).map(describeImport), []);
  });
});
