/** Pasted text as lines: chat clients turn tabs into spaces and add \r; both are evened out. */
export function pastedLines(text: string): string[] {
  return text.replace(/\r\n?/gu, '\n').replace(/\t/gu, '    ').split('\n');
}

const IPV4 = /^(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/u;
const IPV6 = /^[0-9a-f]*:[0-9a-f:.]*$/iu;

export function isIpAddress(value: string): boolean {
  return IPV4.test(value) || (IPV6.test(value) && value.includes(':') && value.length >= 2);
}

/** "imap.acme.com." → "imap.acme.com" (DNS tools print names fully qualified). */
export function hostName(value: string): string {
  return value.replace(/\.$/u, '').toLowerCase();
}

/** A TCP port as a tool printed it; nothing for digits no tool prints (0, 65536, 10^23). */
export function portNumber(digits: string | undefined): number | undefined {
  const port = Number(digits);
  return /^\d{1,5}$/u.test(digits ?? '') && port >= 1 && port <= 65535 ? port : undefined;
}
