/**
 * Products that intercept TLS by issuing their own certificates (antivirus "mail shields",
 * company proxies, school filters). Their CA names appear as the issuer on the user's side.
 */
const INTERCEPTORS: readonly [RegExp, string][] = [
  [/kaspersky/iu, 'Kaspersky'],
  [/\bavast\b/iu, 'Avast'],
  [/\bavg\b/iu, 'AVG'],
  [/\beset\b/iu, 'ESET'],
  [/bitdefender/iu, 'Bitdefender'],
  [/\bnorton\b/iu, 'Norton'],
  [/mcafee/iu, 'McAfee'],
  [/trend ?micro/iu, 'Trend Micro'],
  [/\bsophos\b/iu, 'Sophos'],
  [/fortinet|fortigate/iu, 'Fortinet FortiGate'],
  [/zscaler/iu, 'Zscaler'],
  [/palo ?alto/iu, 'Palo Alto Networks'],
  [/netskope/iu, 'Netskope'],
  [/cisco umbrella/iu, 'Cisco Umbrella'],
  [/check ?point/iu, 'Check Point'],
  [/forcepoint|websense/iu, 'Forcepoint'],
  [/barracuda/iu, 'Barracuda'],
  [/watchguard/iu, 'WatchGuard'],
  [/blue ?coat/iu, 'Blue Coat'],
  [/cloudflare for teams|cloudflare gateway/iu, 'Cloudflare Gateway'],
  [/untangle/iu, 'Untangle'],
  [/smoothwall/iu, 'Smoothwall'],
  [/lightspeed/iu, 'Lightspeed'],
  [/\biboss\b/iu, 'iboss'],
  [/securly/iu, 'Securly'],
];

/** The product behind an issuer name, when it is a known interceptor. */
export function interceptorOf(issuer: string | undefined): string | undefined {
  if (!issuer) return undefined;
  return INTERCEPTORS.find(([pattern]) => pattern.test(issuer))?.[1];
}
