// `infra login --provider NAME`: the browser login. The server makes the authorization URL (it holds the client
// secret and the PKCE verifier); this CLI opens it, receives the redirect on 127.0.0.1, checks the state and hands
// the code to the server, which answers with a session like any other login.
import { ApiError } from '../api.js';
import { DEFAULT_CALLBACK_PORT, listenForCallback } from '../browser.js';
import { CliError } from '../errors.js';
import type { Deps } from '../deps.js';
import type { LoginResponse } from '../types.js';

/** How long the CLI waits for the browser. */
const WAIT_MS = 5 * 60_000;

function callbackPort(env: NodeJS.ProcessEnv): number {
  const raw = env.INFRA_LOGIN_CALLBACK_PORT;
  if (raw === undefined || raw === '') return DEFAULT_CALLBACK_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`INFRA_LOGIN_CALLBACK_PORT must be a port number, not "${raw}"`);
  return port;
}

export async function loginWithProvider(
  deps: Deps,
  api: ReturnType<Deps['api']>,
  url: string,
  provider: string,
): Promise<LoginResponse> {
  const listener = await listenForCallback(callbackPort(deps.env));
  let timer: NodeJS.Timeout | undefined;
  try {
    let started: { url: string; state: string };
    try {
      started = await api.get(
        `/api/providers/${encodeURIComponent(provider)}/login?redirect_uri=${encodeURIComponent(listener.redirectUri)}`,
      );
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        throw new CliError(
          `${url} has no identity provider named ${provider}: run \`infra providers list\` to see them`,
        );
      }
      throw e;
    }
    deps.out.info(`Log in with ${provider} in your browser. If it does not open, open this URL:`);
    deps.out.info(`  ${started.url}`);
    deps.openBrowser(started.url);
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new CliError(
              `no answer from the browser within ${WAIT_MS / 60_000} minutes: run \`infra login --provider ${provider}\` again`,
            ),
          ),
        WAIT_MS,
      );
    });
    const got = await Promise.race([listener.received, late]);
    if (got.error !== undefined) {
      throw new CliError(
        `${provider} did not log you in: ${got.error}${got.errorDescription ? ` (${got.errorDescription})` : ''}`,
      );
    }
    // A redirect this login did not start (another tab, or a page that knows the port) is not ours to hand on.
    if (got.state !== started.state || got.code === undefined) {
      throw new CliError(
        `the browser came back from a different login: run \`infra login --provider ${provider}\` again`,
      );
    }
    try {
      return await api.post<LoginResponse>('/api/login', {
        oidc: {
          provider,
          code: got.code,
          state: got.state,
          redirectURI: listener.redirectUri,
          ...(got.iss ? { iss: got.iss } : {}),
        },
      });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401)
        throw new CliError(`${url} did not accept the login: ${e.message}`);
      throw e;
    }
  } finally {
    clearTimeout(timer);
    listener.close();
  }
}
