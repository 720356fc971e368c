import type { ErrorCode } from '../errors/error-codes';
import { MailhelpError } from '../errors/mailhelp-error';

/**
 * One error type for the OAuth sign-in test, with a code from one table. `code` says what went
 * wrong in our terms; `oauthError` and `description` keep the provider's own words (RFC 6749
 * §5.2 `error`, `error_description`), which the classifier reads for AADSTS numbers.
 */
export const OAUTH_ERROR_CODES = {
  /** The provider answered with an OAuth error (`oauthError` holds which). */
  provider: 'OAUTH_PROVIDER_ERROR',
  /** The user did not sign in before the code expired (RFC 8628 expired_token). */
  expired: 'OAUTH_EXPIRED',
  /** The user declined (RFC 8628 / RFC 6749 access_denied). */
  denied: 'OAUTH_DENIED',
  /** An endpoint outside the allow list (src/policy/identity-endpoints). */
  endpointRefused: 'OAUTH_ENDPOINT_REFUSED',
  /** Network, TLS, a too-large or too-slow answer. */
  network: 'OAUTH_NETWORK',
  /** The provider is not configured (no client id) or cannot do the flow this needs. */
  notConfigured: 'OAUTH_NOT_CONFIGURED',
  /** The test was cancelled (conversation ended, shutdown). */
  aborted: 'OAUTH_ABORTED',
} as const satisfies Record<string, ErrorCode>;

export type OAuthErrorCode = (typeof OAUTH_ERROR_CODES)[keyof typeof OAUTH_ERROR_CODES];

export class OAuthError extends MailhelpError {
  declare readonly code: OAuthErrorCode;
  readonly oauthError: string | undefined;
  readonly description: string | undefined;

  constructor(code: OAuthErrorCode, message: string, details: { oauthError?: string; description?: string; cause?: unknown } = {}) {
    super(code, message, { cause: details.cause });
    this.oauthError = details.oauthError;
    this.description = details.description;
  }
}
