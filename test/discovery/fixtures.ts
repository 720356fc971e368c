/** Autoconfig documents for the discovery tests. */

/** A typical ISP document: IMAP over SSL, POP3 with STARTTLS, SMTP submission with STARTTLS. */
export function autoconfigXml(domain: string, imapHost = 'imap.%EMAILDOMAIN%', imapPort = 993): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="${domain}">
    <domain>${domain}</domain>
    <displayName>Acme &amp; Co</displayName>
    <incomingServer type="imap">
      <hostname>${imapHost}</hostname>
      <port>${imapPort}</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>pop.${domain}</hostname>
      <port>110</port>
      <socketType>STARTTLS</socketType>
      <username>%EMAILLOCALPART%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.${domain}</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>
`;
}

export const MALFORMED_XML = '<?xml version="1.0"?>\n<clientConfig version="1.1"><emailProvider id="x">\n<incomingServer type="imap"><hostname>imap.broken.test</hostname>\n</emailProvider></clientConfig>\n';
