import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { startScriptedMailServer, type ScriptedMailServer } from './scripted-mail-server';
import type { KeyCert } from './fake-imap-server';

/** Taken at load, before any test installs fake timers: a server's delay is real time. */
const realSetTimeout = globalThis.setTimeout.bind(globalThis);

/**
 * A small scripted POP3 server for tests and the benchmark: greeting, CAPA, STLS, USER/PASS,
 * AUTH PLAIN (with or without initial response), STAT, NOOP, QUIT.
 */
export interface FakePop3ServerOptions {
  host?: string;
  port?: number;
  /** Implicit TLS (POP3S). */
  tls?: KeyCert;
  /** Plain connection that accepts STLS with this certificate. */
  starttls?: KeyCert;
  /** Greeting text after `+OK ` (default "Fake POP3 ready."). A value starting with `+OK` or `-ERR` is sent as is; after `-ERR` the server closes. */
  greeting?: string;
  greetingDelayMs?: number;
  /** CAPA lines before TLS (default TOP UIDL USER SASL PLAIN, plus STLS when starttls is set); `null`: CAPA answers -ERR. */
  capabilities?: string[] | null;
  /** CAPA lines once TLS is on (default: `capabilities` without STLS). */
  capabilitiesAfterTls?: string[];
  /** Refuse USER/PASS and AUTH before TLS, as Dovecot does with disable_plaintext_auth. */
  requireTls?: boolean;
  /** Decides a login: the full reply line, e.g. `+OK Logged in.` or `-ERR [AUTH] Authentication failed.` (default `+OK Logged in.`). */
  login?: (user: string, password: string) => string;
  /** Holds the login answer back this long (Dovecot auth_failure_delay); Infinity never answers. Real time. */
  loginDelayMs?: number;
  /** Decides an AUTH XOAUTH2/OAUTHBEARER (offer it with `SASL XOAUTH2` in `capabilities`); async, as introspection is. */
  oauth?: (user: string, token: string) => Promise<{ ok: boolean; status?: string; reply?: string }>;
}

/** `received` holds every command line. */
export type FakePop3Server = ScriptedMailServer;

export async function startFakePop3Server(options: FakePop3ServerOptions = {}): Promise<FakePop3Server> {
  return startScriptedMailServer(options, (socket, secure, received, sockets) =>
    new Pop3Session(socket, secure, options, received, sockets).start(),
  );
}

const PLAINTEXT_REFUSED = '-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.';

class Pop3Session {
  private buffer = '';
  private user: string | undefined;
  private authenticated = false;
  private closed = false;
  private awaitingPlain = false;
  private awaitingOAuth: { mechanism: string; failed?: string } | undefined;
  private busy = false;
  private readonly onData = (chunk: Buffer): void => {
    this.buffer += chunk.toString('utf8');
    let newline: number;
    while (!this.closed && !this.busy && (newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline).replace(/\r$/, '');
      this.buffer = this.buffer.slice(newline + 1);
      this.command(line);
    }
  };

  constructor(
    private socket: Socket,
    private secure: boolean,
    private readonly options: FakePop3ServerOptions,
    private readonly received: string[],
    private readonly sockets: Set<Socket>,
  ) {}

  start(): void {
    this.socket.on('data', this.onData);
    const send = (): void => {
      if (this.socket.destroyed) return;
      const greeting = this.options.greeting ?? 'Fake POP3 ready.';
      if (/^[+-](OK|ERR)\b/i.test(greeting)) {
        this.write(greeting);
        if (greeting.startsWith('-')) this.end();
      } else {
        this.write(`+OK ${greeting}`);
      }
    };
    if (this.options.greetingDelayMs) {
      // A client that gave up closes first: the greeting's timer must not outlive the socket.
      const timer = setTimeout(send, this.options.greetingDelayMs);
      this.socket.once('close', () => clearTimeout(timer));
    } else {
      send();
    }
  }

  private capabilities(): string[] | null {
    const before =
      this.options.capabilities === undefined
        ? ['TOP', 'UIDL', ...(this.options.requireTls ? [] : ['USER', 'SASL PLAIN']), ...(this.options.starttls ? ['STLS'] : [])]
        : this.options.capabilities;
    if (!this.secure) return before;
    if (this.options.capabilitiesAfterTls) return this.options.capabilitiesAfterTls;
    if (before === null) return null;
    const after = before.filter((c) => c !== 'STLS');
    if (this.options.requireTls && this.options.capabilities === undefined) after.push('USER', 'SASL PLAIN');
    return after;
  }

  private write(line: string): void {
    if (!this.socket.destroyed) this.socket.write(`${line}\r\n`);
  }

  private end(): void {
    this.closed = true;
    this.socket.end();
  }

  private plaintextRefused(): boolean {
    return !!this.options.requireTls && !this.secure;
  }

  private command(line: string): void {
    this.received.push(line);
    if (this.awaitingOAuth) return this.oauthStep(line);
    if (this.awaitingPlain) {
      this.awaitingPlain = false;
      return this.plain(line);
    }
    const [rawName = '', ...args] = line.split(' ');
    switch (rawName.toUpperCase()) {
      case 'CAPA': {
        const capabilities = this.capabilities();
        if (capabilities === null) return this.write('-ERR Unknown command');
        this.write('+OK Capability list follows');
        for (const capability of capabilities) this.write(capability);
        return this.write('.');
      }
      case 'STLS':
        return this.startTls();
      case 'USER':
        if (this.authenticated) return this.write('-ERR Already authenticated');
        if (this.plaintextRefused()) return this.write(PLAINTEXT_REFUSED);
        this.user = args.join(' ');
        return this.write('+OK');
      case 'PASS':
        if (this.user === undefined) return this.write('-ERR No username given.');
        return this.answerLogin(this.user, args.join(' '));
      case 'AUTH': {
        const mechanism = (args[0] ?? '').toUpperCase();
        if ((mechanism === 'XOAUTH2' || mechanism === 'OAUTHBEARER') && this.options.oauth) {
          this.awaitingOAuth = { mechanism };
          if (args[1] === undefined) return this.write('+ ');
          return this.oauthStep(args[1]);
        }
        if (mechanism !== 'PLAIN') return this.write('-ERR Unsupported authentication mechanism.');
        if (this.plaintextRefused()) return this.write(PLAINTEXT_REFUSED);
        if (args[1] === undefined) {
          this.awaitingPlain = true;
          return this.write('+ ');
        }
        return this.plain(args[1]);
      }
      case 'STAT':
        return this.write(this.authenticated ? '+OK 0 0' : '-ERR Unknown command');
      case 'NOOP':
        return this.write(this.authenticated ? '+OK' : '-ERR Unknown command');
      case 'QUIT':
        this.write('+OK Logging out.');
        return this.end();
      default:
        return this.write('-ERR Unknown command');
    }
  }

  private oauthStep(line: string): void {
    const state = this.awaitingOAuth!;
    if (state.failed !== undefined) {
      this.awaitingOAuth = undefined;
      return this.write(state.failed);
    }
    const fields = Buffer.from(line, 'base64').toString('utf8').split('\x01');
    const user = state.mechanism === 'XOAUTH2' ? (fields[0] ?? '').replace(/^user=/, '') : (/^n,a=([^,]*),/.exec(fields[0] ?? '')?.[1] ?? '');
    const token = (fields.find((f) => f.startsWith('auth=Bearer ')) ?? '').slice('auth=Bearer '.length);
    this.busy = true;
    void this.options.oauth!(user, token).then((answer) => {
      this.busy = false;
      if (answer.ok) {
        this.awaitingOAuth = undefined;
        this.authenticated = true;
        this.write(answer.reply ?? '+OK Logged in.');
      } else if (answer.status) {
        state.failed = answer.reply ?? '-ERR [AUTH] Authentication failed.';
        this.write(`+ ${Buffer.from(JSON.stringify({ status: answer.status, schemes: 'bearer' })).toString('base64')}`);
      } else {
        this.awaitingOAuth = undefined;
        this.write(answer.reply ?? '-ERR [AUTH] Authentication failed.');
      }
      this.onData(Buffer.alloc(0));
    });
  }

  private plain(payload: string): void {
    if (payload === '*') return this.write('-ERR Authentication cancelled.');
    const [, user = '', password = ''] = Buffer.from(payload, 'base64').toString('utf8').split('\0');
    this.answerLogin(user, password);
  }

  private answerLogin(user: string, password: string): void {
    const delay = this.options.loginDelayMs ?? 0;
    if (delay === Infinity) return;
    if (delay > 0) {
      realSetTimeout(() => this.answerLoginNow(user, password), delay);
      return;
    }
    this.answerLoginNow(user, password);
  }

  private answerLoginNow(user: string, password: string): void {
    const reply = this.options.login ? this.options.login(user, password) : '+OK Logged in.';
    this.write(reply);
    if (reply.startsWith('+OK')) this.authenticated = true;
  }

  private startTls(): void {
    if (this.secure || !this.options.starttls) return this.write('-ERR STLS not available');
    this.write('+OK Begin TLS negotiation');
    this.socket.off('data', this.onData);
    this.buffer = '';
    const plain = this.socket;
    const secure = new TLSSocket(plain, { isServer: true, key: this.options.starttls.key, cert: this.options.starttls.cert });
    secure.on('error', () => plain.destroy());
    this.sockets.add(secure);
    secure.on('close', () => this.sockets.delete(secure));
    this.socket = secure;
    this.secure = true;
    this.user = undefined;
    secure.on('data', this.onData);
  }
}
