import { MailhelpError } from '../errors/mailhelp-error';

/**
 * Input a person typed that cannot be used. Carries a locale key and values, so every surface
 * (CLI, chat) explains it in the user's language; `message` is the English text for logs.
 */
export class InvalidInputError extends MailhelpError {
  constructor(
    readonly key: string,
    readonly values: Record<string, string | number> = {},
    message = key,
  ) {
    super('INVALID_INPUT', message);
  }
}
