/** Discord ids: a millisecond timestamp since 2015 shifted left 22 bits, plus a counter. */
const DISCORD_EPOCH = 1_420_070_400_000n;
let counter = 0n;

export function snowflake(at = Date.now()): string {
  counter = (counter + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | counter).toString();
}

/** Interaction tokens: base64url only, as discord.js puts them into URL paths. */
export function interactionToken(): string {
  return `aW50ZXJhY3Rpb24${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`.replace(/[^A-Za-z0-9_-]/gu, '');
}
