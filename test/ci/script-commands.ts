import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { syntax } from 'mvdan-sh';

/**
 * The commands a shell script runs, read from its syntax tree (mvdan/sh's parser, the one shfmt
 * uses) rather than with regular expressions: every simple command's first word, and the
 * command behind the wrappers the scripts use (`timeout 5 nc`, `ip netns exec NS dig`, the lab's
 * `mhlab_in`/`mhlab_srv`, `script -qec "…"`). A first word that is computed (`"$(command -v
 * node)"`, `"/etc/init.d/$svc"`) cannot be checked statically and is returned apart.
 */
export interface ScriptCommands {
  /** Command name -> the first file:line that runs it. */
  commands: Map<string, string>;
  /** Functions the script defines (they are not commands to install). */
  functions: Set<string>;
  /** Computed first words, as file:line. */
  dynamic: string[];
}

/** Runs its arguments as a command, after `skip` leading words (options and their values). */
const WRAPPERS: Record<string, (args: string[]) => number> = {
  timeout: (args) => firstNonOption(args, 1),
  exec: (args) => firstNonOption(args, 0),
  nohup: () => 0,
  env: (args) => args.findIndex((a) => !a.includes('=') && !a.startsWith('-')),
  mhlab_in: () => 0,
  mhlab_srv: () => 0,
  ip: (args) => (args[0] === 'netns' && args[1] === 'exec' ? 3 : -1),
};

function firstNonOption(args: string[], valuesAfterOptions: number): number {
  const index = args.findIndex((a) => !a.startsWith('-'));
  return index < 0 ? -1 : index + valuesAfterOptions;
}

/** A word as text when it is literal (a quoted string counts), else undefined. */
function literal(word: any): string | undefined {
  let text = '';
  for (const part of word.Parts) {
    const type = syntax.NodeType(part);
    if (type === 'Lit' || type === 'SglQuoted') text += part.Value;
    else if (type === 'DblQuoted' && part.Parts.every((p: any) => syntax.NodeType(p) === 'Lit')) text += part.Parts.map((p: any) => p.Value).join('');
    else return undefined;
  }
  return text;
}

/** The text of a double-quoted command string with each expansion replaced by a placeholder word. */
function commandString(word: any): string | undefined {
  const part = word.Parts[0];
  if (word.Parts.length !== 1 || syntax.NodeType(part) !== 'DblQuoted') return literal(word);
  return part.Parts.map((p: any) => (syntax.NodeType(p) === 'Lit' ? p.Value : 'X')).join('');
}

export function scriptCommands(files: string[], root: string): ScriptCommands {
  const result: ScriptCommands = { commands: new Map(), functions: new Set(), dynamic: [] };
  for (const file of files) collect(readFileSync(file, 'utf8'), relative(root, file), result);
  return result;
}

export function collect(source: string, file: string, result: ScriptCommands): void {
  const tree = syntax.NewParser().Parse(source, file);
  syntax.Walk(tree, (node: any) => {
    if (!node) return true;
    const type = syntax.NodeType(node);
    if (type === 'FuncDecl') result.functions.add(node.Name.Value);
    if (type !== 'CallExpr' || node.Args.length === 0) return true;
    const where = `${file}:${node.Pos().Line()}`;
    const words = node.Args.map(literal);
    let at = 0;
    while (at < words.length) {
      const name = words[at];
      if (name === undefined) {
        result.dynamic.push(where);
        break;
      }
      if (!result.commands.has(name)) result.commands.set(name, where);
      const args = words.slice(at + 1).map((w: string | undefined) => w ?? '');
      // `script -qec "ip netns exec NS postfix …" /dev/null`, `bash -c "…"`: the string is a script too.
      const stringFlag = args.findIndex((a: string) => /^-[a-z]*c$/u.test(a));
      if ((name === 'script' || name === 'bash' || name === 'sh') && stringFlag >= 0) {
        const text = commandString(node.Args[at + 1 + stringFlag + 1]);
        if (text !== undefined) collect(text, where, result);
        break;
      }
      const skip = WRAPPERS[name]?.(args) ?? -1;
      if (skip < 0 || skip >= args.length) break;
      at += 1 + skip;
    }
    return true;
  });
}
