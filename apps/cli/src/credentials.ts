// The kubectl exec credential plugin (`infra credentials --destination NAME`, hidden). It imports
// only what a cache hit needs; commander and the command modules are never loaded on this path.
// It never prompts or opens a browser (the kubeconfig says interactiveMode: Never). It writes the kubeconfig in one
// case only: when it fetches a new token, the CA of that destination's managed clusters is brought in line with the
// server's (credential-ca.ts), so a connector's CA rotation reaches kubectl users without an `infra` command;
// contexts follow grants on every infra command and on `infra kubeconfig sync`, never here.
import { ConfigStore, infraHome } from './config.js';
import { CredentialCache, type CachedToken } from './credential-cache.js';
import { CliError, SessionEndedError } from './errors.js';

export const EXEC_API_VERSION = 'client.authentication.k8s.io/v1';

export interface ExecCredential {
  apiVersion: string;
  kind: 'ExecCredential';
  status: { token: string; expirationTimestamp: string };
}

export function parseCredentialArgs(args: string[]): { destination: string } {
  const i = args.indexOf('--destination');
  const destination =
    i >= 0 ? args[i + 1] : args.find((a) => a.startsWith('--destination='))?.slice('--destination='.length);
  if (!destination) throw new CliError('usage: infra credentials --destination NAME (this command is run by kubectl)');
  return { destination };
}

export async function issueCredential(
  env: NodeJS.ProcessEnv,
  destination: string,
  now: () => Date = () => new Date(),
): Promise<ExecCredential> {
  const config = new ConfigStore(infraHome(env));
  const server = config.current();
  if (!server?.session) throw new SessionEndedError();
  const expires = Date.parse(server.session.expires ?? '');
  if (Number.isFinite(expires) && expires <= now().getTime()) throw new SessionEndedError();
  const cache = new CredentialCache(config.cacheDir, now);
  const sessionKey = server.session.accessKey;
  if (cache.hasEnded(server.url, sessionKey)) throw new SessionEndedError();
  const token = await cache.get(server.url, destination, async () => {
    // Checked again under the lock: twenty kubectl processes with a dead session cause one refused request, not twenty.
    if (cache.hasEnded(server.url, sessionKey)) throw new SessionEndedError();
    const { ApiClient } = await import('./api.js'); // only on a cache miss
    const api = new ApiClient({ ...server, accessKey: sessionKey });
    const t = await api.post<{ token: string; expires: string }>('/api/tokens', { destination }).catch((e: unknown) => {
      const status = (e as { status?: number }).status;
      if (status === 401) {
        cache.markEnded(server.url, sessionKey);
        throw new SessionEndedError();
      }
      if (status === 403 || status === 404) {
        throw new CliError(
          `you have no access to ${destination} on ${server.url}: run \`infra list\` to see what you can use, or ask an admin for a grant`,
        );
      }
      throw e;
    });
    // A CA that cannot be refreshed now is refreshed with the next token; the credential is what kubectl waits for.
    const { refreshDestinationCa } = await import('./credential-ca.js');
    await refreshDestinationCa(api, env, server, destination).catch(() => false);
    return { token: t.token, expires: t.expires } satisfies CachedToken;
  });
  return {
    apiVersion: EXEC_API_VERSION,
    kind: 'ExecCredential',
    status: {
      token: token.token,
      expirationTimestamp: new Date(token.expires).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
  };
}

export async function runCredentials(
  args: string[],
  env: NodeJS.ProcessEnv,
  stdout: NodeJS.WritableStream,
): Promise<void> {
  const { destination } = parseCredentialArgs(args);
  const cred = await issueCredential(env, destination);
  stdout.write(JSON.stringify(cred) + '\n');
}
