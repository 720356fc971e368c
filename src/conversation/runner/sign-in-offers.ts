import type { DiscoveryResult } from '../../discovery/discovery-result';
import { oauthFromEnv } from '../../oauth/oauth-config';
import { signInOffer, type SignInOffer } from '../../oauth/sign-in-offer';
import { accountHosts } from '../../oauth/sign-in-test';
import type { ConversationEvent } from '../events';
import type { ConversationState } from '../state';
import type { ConversationOutput } from './conversation-output';
import type { SignInSetup } from './run-sign-in';
import type { RunnerLogger } from './runner-dependencies';
import type { OAuthSignInPage } from '../../secure-login/oauth-sign-in-page';

/**
 * The runner's side of the OAuth offer: which sign-in test an account could take here, added
 * to the events the machine decides on (discovery finished, diagnosis finished). Only the
 * runner knows the bot's OAuth configuration and whether the platform can show a code privately.
 */
export class SignInOffers {
  readonly setup: SignInSetup | undefined;

  constructor(
    setup: SignInSetup | undefined,
    /** The bot's OAuth page (browser flow), when it has a public URL. */
    readonly page: OAuthSignInPage | undefined,
    logger: RunnerLogger,
  ) {
    this.setup = setup ?? fromEnv(logger);
  }

  /** The event with `signIn` set where it is one the machine reads. */
  enrich(event: ConversationEvent, state: ConversationState | undefined, output: ConversationOutput | undefined): ConversationEvent {
    if (event.type === 'discovery_finished') {
      const offer = this.#offer(output, { discoveryId: event.result.provider?.id, hosts: discoveredHosts(event.result) });
      return offer ? { ...event, signIn: offer } : event;
    }
    if (event.type === 'diagnosis_finished') {
      const offer = this.#offer(output, { discoveryId: state?.expected?.providerId, hosts: accountHosts(event.report.settings) });
      return offer ? { ...event, signIn: offer } : event;
    }
    return event;
  }

  #offer(output: ConversationOutput | undefined, account: { discoveryId?: string | undefined; hosts: string[] }): SignInOffer | undefined {
    if (!this.setup) return undefined;
    return signInOffer(this.setup.config, account, { privateMessages: typeof output?.showSignInCode === 'function', signInPage: this.page !== undefined });
  }
}

function discoveredHosts(result: DiscoveryResult): string[] {
  return [result.incoming[0]?.settings.host, result.outgoing[0]?.settings.host].filter((h): h is string => !!h);
}

/** MAILHELP_OAUTH_*: a broken providers file is the admin's to fix; the bot runs on without OAuth. */
function fromEnv(logger: RunnerLogger): SignInSetup | undefined {
  try {
    return { config: oauthFromEnv(process.env) };
  } catch (error) {
    logger.warn({ err: error }, 'OAuth sign-in test disabled: configuration invalid');
    return undefined;
  }
}
