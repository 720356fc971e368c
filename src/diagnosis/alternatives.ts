import {
  STANDARD_COMBINATIONS,
  securityRank,
  type PortSecurity,
  type ServerSettings,
} from '../settings/server-settings';
import { isHealthy, isReachable, type EndpointObservation } from './endpoint';

/**
 * The other combinations worth probing next to the user's own: the protocol's standard ports
 * (RFC 8314 order), any the domain publishes, and the user's port with implicit TLS and with STARTTLS, which tells a
 * silent implicit-TLS port and a plaintext port apart. All run in parallel with the user's.
 */
export function alternativeCombinations(settings: ServerSettings, published: readonly PortSecurity[] = []): PortSecurity[] {
  const candidates: PortSecurity[] = [
    ...published,
    ...STANDARD_COMBINATIONS[settings.protocol],
    { port: settings.port, security: 'tls' },
    { port: settings.port, security: 'starttls' },
  ];
  const seen = new Set<string>([`${settings.port}/${settings.security}`]);
  return candidates.filter((c) => {
    const key = `${c.port}/${c.security}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A combination that lets a client log in: SMTP must offer AUTH (port 25 usually doesn't). */
function usableForLogin(o: EndpointObservation): boolean {
  if (o.endpoint.protocol !== 'smtp') return true;
  const caps = o.secureCapabilities ?? o.capabilities;
  return !!caps && caps.authMechanisms.length > 0;
}

/** Works end to end as far as the bot can tell without a password: the search can stop here. */
export function fullyWorks(o: EndpointObservation): boolean {
  return isHealthy(o) && o.endpoint.security !== 'none' && usableForLogin(o);
}

/**
 * The best alternative that really works, for `fix.settings`: healthy before merely reachable,
 * then the caller's preference, then TLS over STARTTLS over plain, then the standard order.
 */
export function chooseFix(
  alternatives: readonly EndpointObservation[],
  prefer: (o: EndpointObservation) => boolean = () => false,
): EndpointObservation | undefined {
  const working = alternatives.filter((o) => isReachable(o) && o.endpoint.security !== 'none' && usableForLogin(o));
  const score = (o: EndpointObservation): number[] => [
    isHealthy(o) ? 0 : 1,
    prefer(o) ? 0 : 1,
    securityRank(o.endpoint.security),
  ];
  return [...working].sort((a, b) => {
    const [sa, sb] = [score(a), score(b)];
    for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return (sa[i] ?? 0) - (sb[i] ?? 0);
    return 0;
  })[0];
}

export function fixSettingsOf(o: EndpointObservation | undefined): PortSecurity | undefined {
  return o ? { port: o.endpoint.port, security: o.endpoint.security } : undefined;
}
