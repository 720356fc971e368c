import { spawn } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { main } from '../../app/main';
import { MAILHELP_BIN } from '../support/mailhelp-bin';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  stdin?: string;
}

/** In this process stdin may also be a stream, to see whether the command read it. */
export interface MainOptions extends Omit<CliOptions, 'stdin'> {
  stdin?: string | Readable;
}

/**
 * Runs the real `mailhelp` executable as a user would, with its own environment and stdin.
 * Starting a process costs far more than most checks: keep this for one test per command
 * (that the executable is wired up), and use runMain for argument, help and report checks.
 */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAILHELP_BIN, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/**
 * The same command through `main(argv, io)` in this process, which is what the executable
 * calls: the same exit code and output, with nothing of this process's environment (only
 * `options.env`). Variables Node reads only at start-up (NODE_EXTRA_CA_CERTS) need runCli.
 */
export async function runMain(args: string[], options: MainOptions = {}): Promise<CliResult> {
  const stdout = new TextSink();
  const stderr = new TextSink();
  const stdin = options.stdin instanceof Readable ? options.stdin : Readable.from([options.stdin ?? '']);
  const code = await main(args, { stdout, stderr, env: { ...options.env }, stdin });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

class TextSink extends Writable {
  text = '';

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    callback();
  }
}
