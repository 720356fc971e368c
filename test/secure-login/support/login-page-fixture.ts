import { createServer, type AddressInfo } from 'node:net';
import { createLoginPageServer, type LoginPageOptions, type LoginPageServer } from '../../../src/secure-login/login-page-server';

/**
 * The login page on its own server at 127.0.0.1 (never another interface), with a recording
 * onSubmit. Its public URL must name its port, so a free port is found first.
 */
export interface LoginPageFixture {
  page: LoginPageServer;
  origin: string;
  port: number;
  submissions: { conversationKey: string; password: string }[];
  close(): Promise<void>;
}

async function freePort(host: string): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, host, resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export async function startLoginPage(options: Partial<LoginPageOptions> = {}, host = '127.0.0.1'): Promise<LoginPageFixture> {
  const submissions: LoginPageFixture['submissions'] = [];
  for (let attempt = 0; ; attempt++) {
    const port = await freePort(host);
    const origin = `http://${host}:${port}`;
    const page = createLoginPageServer({
      publicUrl: origin,
      onSubmit: (conversationKey, password) => {
        submissions.push({ conversationKey, password });
      },
      ...options,
    });
    try {
      await page.listen(port, host);
      return { page, origin, port, submissions, close: () => page.close() };
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }
}
