// Opening a URL in the user's browser, and the loopback listener that receives the provider's redirect (RFC 8252):
// the code travels browser → 127.0.0.1 → this CLI → the Infra server, which exchanges it.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CliError } from './errors.js';

/** Best effort: the URL is printed too, so a machine without a browser (or BROWSER=none) still works. */
export function openBrowser(url: string, env: NodeJS.ProcessEnv): void {
  if (env.BROWSER === 'none') return;
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : [env.BROWSER || 'xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // no browser here: the printed URL is the way
  }
}

export interface CallbackParams {
  code?: string;
  state?: string;
  iss?: string;
  error?: string;
  errorDescription?: string;
}

export interface CallbackListener {
  redirectUri: string;
  /** The first request to /callback. */
  received: Promise<CallbackParams>;
  close(): void;
}

export const DEFAULT_CALLBACK_PORT = 8301;

const PAGE = (text: string) => `<!doctype html><meta charset="utf-8"><title>Infra</title><p>${text}</p>`;

/** Listens on 127.0.0.1:`port` (0: any free port) for the provider's redirect. */
export async function listenForCallback(port: number): Promise<CallbackListener> {
  let deliver: (p: CallbackParams) => void = () => undefined;
  const received = new Promise<CallbackParams>((resolve) => (deliver = resolve));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/callback') return void res.writeHead(404).end();
    const q = url.searchParams;
    const params: CallbackParams = {
      code: q.get('code') ?? undefined,
      state: q.get('state') ?? undefined,
      iss: q.get('iss') ?? undefined,
      error: q.get('error') ?? undefined,
      errorDescription: q.get('error_description') ?? undefined,
    };
    const ok = params.code !== undefined && params.error === undefined;
    res
      .writeHead(ok ? 200 : 400, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end(
        PAGE(
          ok
            ? 'You can close this window and return to the terminal.'
            : 'The login did not complete: see the terminal.',
        ),
      );
    deliver(params);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new CliError(
              `port ${port} on 127.0.0.1 is in use: set INFRA_LOGIN_CALLBACK_PORT to a free port the provider accepts`,
            )
          : e,
      ),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    redirectUri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`,
    received,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
