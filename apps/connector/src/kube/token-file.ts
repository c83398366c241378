// A bearer token kept in a file that the kubelet replaces while the process runs (projected service-account
// tokens), as a client-node authenticator. client-node's own (FileAuth, the in-cluster default) re-reads the file only
// every 60 s, keeps the trailing newline and shares one token among all files; this one re-reads a file at most once
// per `refreshMs` (1 s), so a rotated token is in use within about a second.
import { readFileSync } from 'node:fs';
import type { KubeConfig, User } from '@kubernetes/client-node';

/** client-node's Authenticator interface, which its index does not export. */
type Authenticator = Parameters<KubeConfig['addAuthenticator']>[0];
type RequestOptions = Parameters<Authenticator['applyAuthentication']>[1];

/** The auth-provider name of users whose token is read from `config.path` (see tokenFileUser). */
export const TOKEN_FILE_PROVIDER = 'infra-token-file';

export const TOKEN_REFRESH_MS = 1_000;

/** A client-node user whose Authorization is the token in `path`; the file must be readable now. */
export function tokenFileUser(name: string, path: string): User {
  readToken(path); // a missing or empty token file is a startup error, not a 401 later
  return { name, authProvider: { name: TOKEN_FILE_PROVIDER, config: { path } } };
}

export class TokenFileAuth implements Authenticator {
  private readonly files = new Map<string, { token: string; readAt: number }>();

  constructor(
    private readonly refreshMs = TOKEN_REFRESH_MS,
    private readonly now: () => number = Date.now,
  ) {}

  isAuthProvider(user: User): boolean {
    return user.authProvider?.name === TOKEN_FILE_PROVIDER && typeof user.authProvider.config?.path === 'string';
  }

  async applyAuthentication(user: User, opts: RequestOptions): Promise<void> {
    const token = this.token(user.authProvider!.config.path as string);
    opts.headers = { ...(opts.headers as Record<string, string>), Authorization: `Bearer ${token}` };
  }

  /** The file's token, read again once `refreshMs` has passed; a failed read keeps the last one (the kubelet swaps the
   * file atomically, so a failure is transient and should not drop credentials). */
  token(path: string): string {
    const known = this.files.get(path);
    const now = this.now();
    if (known && now - known.readAt < this.refreshMs) return known.token;
    let token: string;
    try {
      token = readToken(path);
    } catch (e) {
      if (!known) throw e;
      token = known.token;
    }
    this.files.set(path, { token, readAt: now });
    return token;
  }
}

function readToken(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read the token file ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const token = text.trim();
  if (!token) throw new Error(`the token file ${path} is empty`);
  if (/\s/.test(token)) throw new Error(`the token file ${path} holds more than one word`);
  return token;
}
