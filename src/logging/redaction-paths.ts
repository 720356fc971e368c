/**
 * Fields pino blanks out before a line is written, wherever they sit in a logged object (to the
 * depth our log calls nest). Key names, not values: anything called like a secret is dropped
 * even if it holds none, which costs nothing.
 */
const SECRET_KEYS = [
  'password',
  'pass',
  'passwd',
  'pwd',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'apiKey',
  'api_key',
  'clientSecret',
  'signingSecret',
  'botToken',
  'appToken',
  'authorization',
  'cookie',
  // Whole objects: imapflow/nodemailer `auth: { user, pass }`, our `credentials: { user, password }`.
  'auth',
  'credentials',
];

/** Nesting depths covered by wildcards: `password`, `*.password`, `*.*.password`, `*.*.*.password`. */
const DEPTH = 4;

const HEADER_PATHS = [
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'request.headers.authorization',
  'request.headers.cookie',
];

function atEveryDepth(key: string): string[] {
  return Array.from({ length: DEPTH }, (_, depth) => [...Array<string>(depth).fill('*'), key].join('.'));
}

export const REDACTION_PATHS: readonly string[] = [
  ...SECRET_KEYS.flatMap(atEveryDepth),
  // The children too, as the issue names them (credentials.*, auth.*): a censor on the parent
  // would already hide them, these keep it so if a parent is ever allowed through.
  'credentials.*',
  'auth.*',
  '*.credentials.*',
  '*.auth.*',
  ...HEADER_PATHS,
];
