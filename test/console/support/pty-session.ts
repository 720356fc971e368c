import { join } from 'node:path';
import { spawn, type IPty } from '@lydell/node-pty';
import { Screen } from './screen';

const BIN = join(__dirname, '..', '..', '..', 'bin', 'mailhelp.js');

/**
 * `mailhelp start` under a real pseudo-terminal, as a person runs it: stdin and stdout are a
 * TTY, Ctrl-C and Ctrl-D are bytes the terminal driver and readline interpret, echo is the
 * program's own business. Output is kept with escape sequences removed.
 */
const COLS = 120;
const ROWS = 40;

export class PtySession {
  readonly #pty: IPty;
  #screen = '';
  /** The same bytes through a terminal emulator: what a person sees once lines were cleared and redrawn. */
  readonly #emulator = new Screen({ cols: COLS, rows: ROWS });
  readonly exited: Promise<{ exitCode: number; signal?: number }>;

  /** `script`: another entry (a .ts file run with tsx) instead of the real binary. */
  constructor(env: Record<string, string>, script?: string) {
    const args = script ? ['--require', 'tsx/cjs', script] : [BIN, 'start'];
    this.#pty = spawn(process.execPath, args, {
      cols: COLS,
      rows: ROWS,
      cwd: join(__dirname, '..', '..', '..'),
      env: { ...stripChatTokens(process.env), LANG: 'C.UTF-8', TERM: 'xterm', ...env },
    });
    this.#pty.onData((data) => {
      this.#screen += data;
      this.#emulator.write(data);
    });
    this.exited = new Promise((resolve) => this.#pty.onExit(resolve));
  }

  /** What was shown so far, without colour and cursor sequences. */
  get text(): string {
    // eslint-disable-next-line no-control-regex
    return this.#screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/gu, '').replace(/\r/gu, '');
  }

  /**
   * What the terminal shows, scrollback included, as a person reads it: a prompt line that was
   * cleared and drawn again is there once, where it was left (unlike `text`, which keeps every
   * byte ever written).
   */
  async screen(): Promise<string> {
    return this.#emulator.text();
  }

  /** Typed (or pasted) bytes; "\r" is Enter, "\x03" Ctrl-C, "\x04" Ctrl-D. */
  type(bytes: string): void {
    this.#pty.write(bytes);
  }

  /** Waits until the screen matches, or fails after `ms` showing what it did show. */
  async waitFor(pattern: RegExp, ms = 15_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pattern.test(this.text)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; the screen shows:\n${this.text}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** The exit, or a failure (and the process killed) after `ms`. */
  async exit(ms = 10_000): Promise<{ exitCode: number; signal?: number }> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.kill();
        reject(new Error(`still running after ${ms} ms; the screen shows:\n${this.text}`));
      }, ms);
    });
    try {
      return await Promise.race([this.exited, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  kill(): void {
    this.#emulator.dispose();
    try {
      this.#pty.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

function stripChatTokens(env: NodeJS.ProcessEnv): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !/^(SLACK_|DISCORD_|MAILHELP_)/u.test(name)) clean[name] = value;
  }
  return clean;
}
