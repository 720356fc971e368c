import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { MAILHELP_BIN } from './mailhelp-bin';

const ROOT = join(__dirname, '..', '..');

export interface StartedBot {
  child: ChildProcess;
  /** The ready log line, parsed. */
  ready: Record<string, any>;
  exited: Promise<number | null>;
}

/**
 * `mailhelp start` as deployed: a child process configured only by the environment, ready when
 * it logs a line whose message starts with `readyMessage` (e.g. "slack: ready").
 */
export function startBotProcess(env: Record<string, string>, readyMessage: string, readyTimeoutMs = 15_000): Promise<StartedBot> {
  const child = spawn(process.execPath, [MAILHELP_BIN, 'start'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no ready line in ${readyTimeoutMs / 1000} s:\n${out}\n${err}`)), readyTimeoutMs);
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.includes(`"msg":"${readyMessage}`));
      if (line) {
        clearTimeout(timer);
        resolve({ child, ready: JSON.parse(line) as Record<string, any>, exited });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before ready:\n${out}\n${err}`)));
  });
}
