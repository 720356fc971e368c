import type { ErrorCode } from './error-codes';

/**
 * The base of every error mailhelp throws: a `code` from the one table (error-codes.ts) and the
 * `cause` that led to it (ES2022 error cause), like bolt-js's CodedError and nodemailer's coded
 * errors. Subclasses add the fields a caller acts on (a locale key, a limit, a stage). The
 * logger serialises `code`, `cause` and the stack, with secrets scrubbed.
 */
export class MailhelpError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.code = code;
    // The class's own name (InvalidInputError, Pop3Error), as a stack trace and the logs show it.
    this.name = new.target.name;
  }
}
