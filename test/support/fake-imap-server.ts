import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { startScriptedMailServer, type ScriptedMailServer } from './scripted-mail-server';

/** Taken at load, before any test installs fake timers: a server's delay is real time. */
const realSetTimeout = globalThis.setTimeout.bind(globalThis);

/**
 * A small scripted IMAP server for tests and the benchmark: enough of RFC 9051 for imapflow's
 * verify flow (CAPABILITY, STARTTLS, ID, LOGIN, AUTHENTICATE PLAIN/LOGIN, NAMESPACE, ENABLE,
 * LIST, NOOP, LOGOUT) with a scripted greeting, capability list and login answer.
 */
export interface KeyCert {
  key: string;
  cert: string;
}

/** What the server answers to a login: the tagged reply text, optionally with untagged lines first. */
export type ImapLoginReply =
  | string
  | {
      /** Untagged lines sent before the tagged reply, without `* ` (e.g. `NO [WEBALERT https://…] Web login required.`). */
      untagged?: string[];
      /** Tagged reply text after the tag, e.g. `NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)`. */
      reply: string;
      /** Sends `* BYE <text>` after the reply and closes the connection. */
      bye?: string;
    };

export interface FakeImapServerOptions {
  host?: string;
  port?: number;
  /** Implicit TLS (IMAPS): TLS from the first byte. */
  tls?: KeyCert;
  /** Plain connection that accepts STARTTLS with this certificate. */
  starttls?: KeyCert;
  /**
   * Greeting text after `* OK ` (default: capabilities and "Fake IMAP ready."). A value starting
   * with `* ` is sent as is (`* BYE Too many connections`, `* PREAUTH …`); after a BYE the
   * server closes.
   */
  greeting?: string;
  greetingDelayMs?: number;
  /** Capabilities before TLS (default IMAP4rev1 ID NAMESPACE ENABLE AUTH=PLAIN, plus STARTTLS when starttls is set). */
  capabilities?: string[];
  /** Capabilities once TLS is on (default: `capabilities` without STARTTLS and LOGINDISABLED). */
  capabilitiesAfterTls?: string[];
  /** Decides a LOGIN or AUTHENTICATE (default: `OK Logged in`). */
  login?: (user: string, password: string) => ImapLoginReply;
  /**
   * Holds the login answer back this long, as real servers do after a failure (Dovecot
   * auth_failure_delay / auth_penalty); Infinity never answers. Real time, even under fake timers.
   */
  loginDelayMs?: number;
  /**
   * Decides an AUTHENTICATE XOAUTH2 or OAUTHBEARER (offer them in `capabilities`). Async: tests
   * ask a real provider about the token (introspection), as Dovecot's oauth2 passdb does.
   */
  oauth?: (user: string, token: string) => Promise<OAuthAnswer>;
  /** Answers EXAMINE/SELECT of a mailbox for the logged-in user (default: an empty mailbox). */
  select?: (mailbox: string, user: string) => string | undefined;
}

/** A server's verdict on a token: refused ones get an RFC 7628 §3.2.2 error challenge first. */
export interface OAuthAnswer {
  ok: boolean;
  /** The challenge's `status` (`invalid_token`, `insufficient_scope`) when refused. */
  status?: string;
  /** The tagged reply text (default `OK Logged in` / `NO [AUTHENTICATIONFAILED] Invalid credentials`). */
  reply?: string;
}

/** `received` holds every command line without its tag. */
export type FakeImapServer = ScriptedMailServer;

const DEFAULT_CAPABILITIES = ['IMAP4rev1', 'ID', 'NAMESPACE', 'ENABLE', 'AUTH=PLAIN'];

export async function startFakeImapServer(options: FakeImapServerOptions = {}): Promise<FakeImapServer> {
  return startScriptedMailServer(options, (socket, secure, received, sockets) =>
    new ImapSession(socket, secure, options, received, sockets).start(),
  );
}

type Token = string;

class ImapSession {
  private buffer = Buffer.alloc(0);
  private tokens: Token[] = [];
  /** Bytes of a literal still to read, or undefined when reading lines. */
  private literalBytes: number | undefined;
  private authenticated = false;
  private closed = false;
  /** A SASL exchange waiting for the client's next line. */
  private sasl: { tag: string; mechanism: 'PLAIN' | 'LOGIN' | 'XOAUTH2' | 'OAUTHBEARER'; user?: string; failed?: string } | undefined;
  private user = '';
  /** Commands wait while an asynchronous token check runs. */
  private busy = false;
  private readonly onData = (chunk: Buffer): void => {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    this.process();
  };

  constructor(
    private socket: Socket,
    private secure: boolean,
    private readonly options: FakeImapServerOptions,
    private readonly received: string[],
    private readonly sockets: Set<Socket>,
  ) {}

  start(): void {
    this.socket.on('data', this.onData);
    const send = (): void => {
      if (this.closed || this.socket.destroyed) return;
      const greeting = this.options.greeting ?? `[CAPABILITY ${this.capabilities().join(' ')}] Fake IMAP ready.`;
      if (greeting.startsWith('* ')) {
        this.write(greeting);
        if (/^\* BYE\b/i.test(greeting)) this.end();
        else if (/^\* PREAUTH\b/i.test(greeting)) this.authenticated = true;
      } else {
        this.write(`* OK ${greeting}`);
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

  private capabilities(): string[] {
    const before = this.options.capabilities ?? [...DEFAULT_CAPABILITIES, ...(this.options.starttls ? ['STARTTLS'] : [])];
    if (!this.secure) return before;
    return this.options.capabilitiesAfterTls ?? before.filter((c) => c !== 'STARTTLS' && c !== 'LOGINDISABLED');
  }

  private write(line: string): void {
    if (!this.socket.destroyed) this.socket.write(`${line}\r\n`);
  }

  private end(): void {
    this.closed = true;
    this.socket.end();
  }

  /** Assembles complete commands from lines and literals ({n} / {n+}). */
  private process(): void {
    while (!this.closed && !this.busy) {
      if (this.literalBytes !== undefined) {
        if (this.buffer.length < this.literalBytes) return;
        this.tokens.push(this.buffer.subarray(0, this.literalBytes).toString('utf8'));
        this.buffer = this.buffer.subarray(this.literalBytes);
        this.literalBytes = undefined;
        continue;
      }
      const newline = this.buffer.indexOf(0x0a);
      if (newline < 0) return;
      const line = this.buffer.subarray(0, newline).toString('utf8').replace(/\r$/, '');
      this.buffer = this.buffer.subarray(newline + 1);
      if (this.sasl && this.tokens.length === 0) {
        this.saslStep(line);
        continue;
      }
      const literal = /\{(\d+)(\+?)\}$/.exec(line);
      this.tokens.push(...tokenize(literal ? line.slice(0, literal.index) : line));
      if (literal) {
        this.literalBytes = Number(literal[1]);
        if (!literal[2]) this.write('+ Ready for literal data');
        continue;
      }
      const tokens = this.tokens;
      this.tokens = [];
      this.command(tokens);
    }
  }

  private command(tokens: Token[]): void {
    const [tag = '*', rawName = '', ...args] = tokens;
    const name = rawName.toUpperCase();
    this.received.push([rawName, ...args].join(' '));
    switch (name) {
      case 'CAPABILITY':
        this.write(`* CAPABILITY ${this.capabilities().join(' ')}`);
        return this.write(`${tag} OK CAPABILITY completed`);
      case 'NOOP':
        return this.write(`${tag} OK NOOP completed`);
      case 'ID':
        this.write('* ID ("name" "fake-imap" "version" "1")');
        return this.write(`${tag} OK ID completed`);
      case 'STARTTLS':
        return this.startTls(tag);
      case 'LOGIN':
        if (this.authenticated) return this.write(`${tag} BAD Already authenticated`);
        if (this.loginDisabled()) return this.write(`${tag} NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.`);
        return this.answerLogin(tag, args[0] ?? '', args[1] ?? '');
      case 'AUTHENTICATE':
        return this.authenticate(tag, (args[0] ?? '').toUpperCase(), args[1]);
      case 'NAMESPACE':
        if (!this.authenticated) return this.write(`${tag} BAD Not authenticated`);
        this.write('* NAMESPACE (("" "/")) NIL NIL');
        return this.write(`${tag} OK NAMESPACE completed`);
      case 'ENABLE':
        if (!this.authenticated) return this.write(`${tag} BAD Not authenticated`);
        this.write('* ENABLED');
        return this.write(`${tag} OK ENABLE completed`);
      case 'EXAMINE':
      case 'SELECT': {
        if (!this.authenticated) return this.write(`${tag} BAD Not authenticated`);
        const mailbox = args[0] ?? '';
        const refused = this.options.select?.(mailbox, this.user);
        if (refused) return this.write(`${tag} ${refused}`);
        this.write('* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)');
        this.write('* 2 EXISTS');
        this.write('* 0 RECENT');
        this.write('* OK [UIDVALIDITY 1] UIDs valid');
        this.write('* OK [UIDNEXT 3] Predicted next UID');
        return this.write(`${tag} OK [${name === 'EXAMINE' ? 'READ-ONLY' : 'READ-WRITE'}] ${name} completed`);
      }
      case 'LIST':
        if (!this.authenticated) return this.write(`${tag} BAD Not authenticated`);
        this.write('* LIST (\\HasNoChildren) "/" INBOX');
        return this.write(`${tag} OK LIST completed`);
      case 'LOGOUT':
        this.write('* BYE Logging out');
        this.write(`${tag} OK LOGOUT completed`);
        return this.end();
      default:
        return this.write(`${tag} BAD Unknown command`);
    }
  }

  private loginDisabled(): boolean {
    return !this.secure && this.capabilities().includes('LOGINDISABLED');
  }

  private startTls(tag: string): void {
    if (this.secure || !this.options.starttls) return this.write(`${tag} BAD STARTTLS not available`);
    this.write(`${tag} OK Begin TLS negotiation now`);
    this.socket.off('data', this.onData);
    this.buffer = Buffer.alloc(0);
    const plain = this.socket;
    const secure = new TLSSocket(plain, { isServer: true, key: this.options.starttls.key, cert: this.options.starttls.cert });
    secure.on('error', () => plain.destroy());
    this.sockets.add(secure);
    secure.on('close', () => this.sockets.delete(secure));
    this.socket = secure;
    this.secure = true;
    secure.on('data', this.onData);
  }

  private authenticate(tag: string, mechanism: string, initial: string | undefined): void {
    if (this.authenticated) return this.write(`${tag} BAD Already authenticated`);
    if (mechanism === 'XOAUTH2' || mechanism === 'OAUTHBEARER') {
      if (!this.options.oauth || !this.capabilities().includes(`AUTH=${mechanism}`)) return this.write(`${tag} NO Unsupported authentication mechanism`);
      this.sasl = { tag, mechanism };
      if (initial !== undefined) return this.saslStep(initial);
      return this.write('+ ');
    }
    if (mechanism !== 'PLAIN' && mechanism !== 'LOGIN') return this.write(`${tag} NO Unsupported authentication mechanism`);
    if (!this.capabilities().includes(`AUTH=${mechanism}`)) return this.write(`${tag} NO Unsupported authentication mechanism`);
    if (this.loginDisabled()) return this.write(`${tag} NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.`);
    this.sasl = { tag, mechanism };
    if (mechanism === 'PLAIN') {
      if (initial !== undefined) return this.saslStep(initial === '=' ? '' : initial);
      return this.write('+ ');
    }
    return this.write(`+ ${Buffer.from('Username:').toString('base64')}`);
  }

  private saslStep(line: string): void {
    const sasl = this.sasl;
    if (!sasl) return;
    if (line === '*') {
      this.sasl = undefined;
      return this.write(`${sasl.tag} BAD Authentication cancelled`);
    }
    if (sasl.failed !== undefined) {
      // The client's answer to the error challenge (empty, or ^A for OAUTHBEARER) ends the exchange.
      this.sasl = undefined;
      return this.write(`${sasl.tag} ${sasl.failed}`);
    }
    const decoded = Buffer.from(line, 'base64').toString('utf8');
    if (sasl.mechanism === 'XOAUTH2' || sasl.mechanism === 'OAUTHBEARER') return this.oauthStep(sasl, decoded);
    if (sasl.mechanism === 'PLAIN') {
      this.sasl = undefined;
      const [, user = '', password = ''] = decoded.split('\0');
      return this.answerLogin(sasl.tag, user, password);
    }
    if (sasl.user === undefined) {
      sasl.user = decoded;
      return this.write(`+ ${Buffer.from('Password:').toString('base64')}`);
    }
    this.sasl = undefined;
    return this.answerLogin(sasl.tag, sasl.user, decoded);
  }

  private oauthStep(sasl: NonNullable<ImapSession['sasl']>, decoded: string): void {
    const fields = decoded.split('\x01');
    const user = sasl.mechanism === 'XOAUTH2' ? (fields[0] ?? '').replace(/^user=/, '') : (/^n,a=([^,]*),/.exec(fields[0] ?? '')?.[1] ?? '').replace(/=2C/g, ',').replace(/=3D/g, '=');
    const token = (fields.find((f) => f.startsWith('auth=Bearer ')) ?? '').slice('auth=Bearer '.length);
    this.busy = true;
    void this.options.oauth!(user, token).then((answer) => {
      this.busy = false;
      if (answer.ok) {
        this.sasl = undefined;
        this.user = user;
        this.authenticated = true;
        this.write(`${sasl.tag} ${answer.reply ?? 'OK Logged in'}`);
      } else if (answer.status) {
        sasl.failed = answer.reply ?? 'NO [AUTHENTICATIONFAILED] Invalid credentials';
        this.write(`+ ${Buffer.from(JSON.stringify({ status: answer.status, schemes: 'bearer' })).toString('base64')}`);
      } else {
        this.sasl = undefined;
        this.write(`${sasl.tag} ${answer.reply ?? 'NO [AUTHENTICATIONFAILED] Invalid credentials'}`);
      }
      this.process();
    });
  }

  private answerLogin(tag: string, user: string, password: string): void {
    const delay = this.options.loginDelayMs ?? 0;
    if (delay === Infinity) return;
    if (delay > 0) {
      realSetTimeout(() => this.answerLoginNow(tag, user, password), delay);
      return;
    }
    this.answerLoginNow(tag, user, password);
  }

  private answerLoginNow(tag: string, user: string, password: string): void {
    const answer = this.options.login ? this.options.login(user, password) : 'OK Logged in';
    const { untagged = [], reply, bye } = typeof answer === 'string' ? { reply: answer } : answer;
    for (const line of untagged) this.write(`* ${line}`);
    this.write(`${tag} ${reply}`);
    if (/^OK\b/i.test(reply)) this.authenticated = true;
    if (bye !== undefined) {
      this.write(`* BYE ${bye}`);
      this.end();
    }
  }
}

/** Splits an IMAP command line into atoms and (unquoted) strings; lists stay as atoms. */
function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === ' ') {
      i++;
      continue;
    }
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length) i++;
        value += line[i];
        i++;
      }
      i++;
      tokens.push(value);
      continue;
    }
    let end = line.indexOf(' ', i);
    if (end < 0) end = line.length;
    tokens.push(line.slice(i, end));
    i = end;
  }
  return tokens;
}
