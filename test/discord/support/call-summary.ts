import type { FakeDiscord } from './fake-discord';

/** The REST calls of a run, ids replaced by their role, for the closing note and for assertions. */
export function restCallSummary(fake: FakeDiscord): string[] {
  const names = new Map<string, string>([
    [fake.ids.appId, ':app'],
    [fake.ids.channelId, ':channel'],
    [fake.ids.triageChannelId, ':triage'],
    [fake.ids.dmChannelId, ':dm'],
    ...fake.threads().map((t) => [t.id as string, ':thread'] as [string, string]),
  ]);
  return fake.rest.calls.map((call) => {
    const path = call.path
      .split('/')
      .map((part, i, parts) => names.get(part) ?? (parts[i - 1] === 'interactions' ? ':id' : parts[i - 2] === 'interactions' || parts[i - 2] === 'webhooks' ? ':token' : /^\d{15,}$/u.test(part) ? ':message' : part))
      .join('/');
    const body = call.body as { type?: number; data?: { custom_id?: string } } | undefined;
    const detail = path.includes('/callback') ? ` type ${body?.type}` : '';
    return `${call.method} ${path}${call.query.size ? `?${call.query}` : ''} → ${call.status}${detail}`;
  });
}
