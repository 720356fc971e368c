import { resolveAddresses } from '../probes/dns';
import type { ServerSettings } from '../settings/server-settings';
import { alternativeCombinations, chooseFix } from './alternatives';
import type { DiagnosisContext } from './context';
import { isHealthy, observeEndpoint, type EndpointObservation } from './endpoint';
import type { RawFinding } from './raw-finding';

/**
 * A suggested name for a host that does not exist becomes a verified fix only when the bot
 * connects to it: the user's own combination first, else a standard one. The suggestion goes
 * through the same policy check as any target.
 */
export async function verifySuggestion(ctx: DiagnosisContext, settings: ServerSettings, nxdomain: RawFinding): Promise<RawFinding> {
  const suggestion = typeof nxdomain.facts.suggestion === 'string' ? nxdomain.facts.suggestion : '';
  if (!suggestion) return nxdomain;
  const lookup = await resolveAddresses(suggestion, ctx.dns);
  const address = lookup.ok ? lookup.addresses.find((a) => ctx.policy.checkAddress(a.address).allowed)?.address : undefined;
  if (!address) return nxdomain;

  const combinations = [{ port: settings.port, security: settings.security }, ...alternativeCombinations(settings)].filter(
    (c) => ctx.policy.checkPort(c.port).allowed,
  );
  const observations = await Promise.all(
    combinations.map((c) => observeEndpoint(ctx, { ...c, address, protocol: settings.protocol, servername: suggestion })),
  );
  const mine = (o: EndpointObservation): boolean => o.endpoint.port === settings.port && o.endpoint.security === settings.security;
  // Verified end to end: a certificate valid for the suggested name and the greeting.
  const works = observations.find((o) => mine(o) && isHealthy(o) && o.endpoint.security !== 'none') ?? chooseFix(observations, mine);
  if (!works || !isHealthy(works)) return nxdomain;
  const fixSettings = { host: suggestion, port: works.endpoint.port, security: works.endpoint.security };
  return { ...nxdomain, fixSettings, facts: { ...nxdomain.facts, fixPort: fixSettings.port, fixSecurity: fixSettings.security } };
}
