import type { ClientObservations } from './observations';
import { parseDig, parseResolverUnreachable } from './parse-dig';
import { parseNc } from './parse-nc';
import { parseNslookup } from './parse-nslookup';
import { parseOpenssl } from './parse-openssl';
import { parsePowershellCertificate } from './parse-powershell-certificate';
import { parseResolveDnsName } from './parse-resolve-dnsname';
import { parseTestNetConnection } from './parse-test-netconnection';

/** Pasted output beyond this is cut: no command we give prints more. */
const MAX_INPUT = 20_000;

/**
 * Everything the user's commands showed, from one paste that may hold the output of several
 * tools one after the other. Each parser only reads the lines it knows.
 */
export function readClientOutput(pasted: string): ClientObservations {
  const text = pasted.slice(0, MAX_INPUT);
  const tnc = parseTestNetConnection(text);
  const openssl = parseOpenssl(text);
  return {
    dns: [...parseDig(text), ...parseResolverUnreachable(text), ...parseNslookup(text), ...parseResolveDnsName(text), ...tnc.dns],
    tcp: [...parseNc(text), ...tnc.tcp, ...openssl.tcp],
    tls: [...openssl.tls, ...parsePowershellCertificate(text)],
  };
}
