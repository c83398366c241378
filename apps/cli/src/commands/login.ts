// `infra login` and `infra logout`: sessions, trust on first use of self-signed servers, and the
// managed kubeconfig entries that follow the session.
import { Command } from 'commander';
import { parseServerUrl, ApiError } from '../api.js';
import { connect, normalizeFingerprint, UntrustedCertificateError, type TlsPolicy } from '../tls.js';
import { CliError } from '../errors.js';
import { CredentialCache } from '../credential-cache.js';
import { kubeconfigPath, removeManagedContexts } from '../kubeconfig.js';
import { identityOf, syncKubeconfig } from '../sync.js';
import { loggedIn, type Deps } from '../deps.js';
import type { Session } from '../config.js';
import type { LoginResponse, Provider, User } from '../types.js';
import { examples } from './help.js';
import { loginWithDevice } from './login-device.js';
import { loginWithProvider } from './login-provider.js';

interface LoginOptions {
  key?: string;
  user?: string;
  passwordStdin?: boolean;
  provider?: string;
  browser?: boolean;
  tlsFingerprint?: string;
  skipTlsVerify?: boolean;
}

export function registerLogin(program: Command, deps: Deps): void {
  program
    .command('login')
    .argument('[SERVER]', 'the Infra server (host name or https:// URL); defaults to the last one')
    .description('Log in to an Infra server and add its destinations to your kubeconfig')
    .option('--key <KEY>', 'log in with an access key (or set INFRA_ACCESS_KEY)')
    .option('--user <EMAIL>', 'log in as this local user (you will be asked for the password)')
    .option('--password-stdin', 'with --user: read the password from standard input (for scripts)')
    .option(
      '--provider <NAME>',
      'log in through an identity provider in your browser (callback on 127.0.0.1:8301, or INFRA_LOGIN_CALLBACK_PORT)',
    )
    .option(
      '--no-browser',
      'log in from a machine without a browser: approve the code it shows where you are signed in (web UI /device page, or `infra device approve CODE`)',
    )
    .option('--tls-fingerprint <SHA256>', "trust the server's certificate with this SHA-256 fingerprint")
    .option('--skip-tls-verify', "do not verify the server's certificate (unsafe; for testing)")
    .addHelpText(
      'after',
      examples([
        'infra login infra.example.com',
        'INFRA_ACCESS_KEY=… infra login infra.example.com',
        'infra login https://10.0.0.5:8443 --tls-fingerprint AB:CD:…',
        'infra login infra.example.com --provider okta',
        'infra login infra.example.com --no-browser',
        'printenv INFRA_PASSWORD | infra login infra.example.com --user ci@example.com --password-stdin',
      ]),
    )
    .action((server: string | undefined, opts: LoginOptions) => login(deps, server, opts));

  program
    .command('logout')
    .description('End your session and remove the kubeconfig entries Infra wrote')
    .option('--clear', 'also forget the server (its trusted certificate and address)')
    .addHelpText('after', examples(['infra logout', 'infra logout --clear']))
    .action((opts: { clear?: boolean }) => logout(deps, opts));
}

async function trust(deps: Deps, url: string, opts: LoginOptions): Promise<TlsPolicy> {
  if (opts.tlsFingerprint !== undefined) {
    try {
      return { fingerprint: normalizeFingerprint(opts.tlsFingerprint) };
    } catch (e) {
      throw new CliError(
        `${(e as Error).message}: copy it from the server's certificate, e.g. \`openssl x509 -noout -fingerprint -sha256\``,
      );
    }
  }
  if (opts.skipTlsVerify) return { skipTLSVerify: true };
  const known = deps.config.find(url);
  if (known?.fingerprint || known?.skipTLSVerify)
    return { fingerprint: known.fingerprint, skipTLSVerify: known.skipTLSVerify };
  if (!url.startsWith('https:')) return {};
  try {
    (await connect(new URL(url), {}, 30_000)).destroy();
    return {};
  } catch (e) {
    if (!(e instanceof UntrustedCertificateError)) return {}; // the request below reports it in one sentence
    deps.out.info(`The certificate of ${url} is not signed by an authority this computer trusts (${e.reason}).`);
    deps.out.info(`Its SHA-256 fingerprint is ${deps.out.bold(e.fingerprint)}`);
    deps.out.info('Compare it with the one your Infra admin gave you.');
    if (!(await deps.prompt.confirm('Trust this certificate?'))) {
      throw new CliError(
        `did not log in: ${url} is not trusted; pass --tls-fingerprint with the fingerprint your admin gave you`,
      );
    }
    return { fingerprint: e.fingerprint };
  }
}

async function login(deps: Deps, serverArg: string | undefined, opts: LoginOptions): Promise<void> {
  let key = opts.key ?? deps.env.INFRA_ACCESS_KEY;
  let provider = opts.provider;
  // `infra login` alone, on a terminal, asks (server, then how); anything else never prompts for these.
  const asking = !key && !opts.user && provider === undefined && opts.browser !== false && deps.prompt.interactive;
  const input = serverArg ?? (asking ? await pickServer(deps) : deps.config.read().current);
  if (!input) throw new CliError('which server? run `infra login SERVER`, e.g. `infra login infra.example.com`');
  const url = parseServerUrl(input);
  const tls = await trust(deps, url, opts);
  if (opts.passwordStdin && (!opts.user || opts.key || opts.provider !== undefined)) {
    throw new CliError('--password-stdin needs --user EMAIL, and no --key or --provider');
  }
  const device = opts.browser === false;
  if (device && (opts.key || opts.user))
    throw new CliError('--no-browser logs in by approving a code elsewhere: give no --key or --user');

  const previous = deps.config.find(url)?.session;
  let session: LoginResponse | undefined;
  if (!key && !opts.user && provider === undefined && !device && previous)
    session = await reuse(deps, url, tls, previous);
  if (!session) {
    const api = deps.api({ url, ...tls });
    await api.get('/api/version'); // an unreachable or untrusted server fails here, before any prompt
    if (asking) ({ key, provider } = await pickMethod(deps, api));
    else if (!key && !opts.user && provider === undefined && !device) throw new CliError(NO_TERMINAL);
    // With --provider, the approving person signs in with that provider in the web UI, then approves there.
    if (device) session = await loginWithDevice(deps, api, url, provider);
    else if (provider !== undefined) session = await loginWithProvider(deps, api, url, provider);
    else if (key) session = await loginWithKey(api, url, key);
    else {
      const password = opts.passwordStdin ? passwordFrom(await deps.readStdin()) : undefined;
      session = await loginWithPassword(deps, api, url, opts.user, password);
      // Only a password login replaces a one-time password: a key login may be a script (CI).
      if (session.passwordUpdateRequired && opts.passwordStdin) {
        throw new CliError(
          `the password of ${session.name} is a one-time password: run \`infra login ${input} --user ${session.name}\` in a terminal to choose a new one`,
        );
      }
      if (session.passwordUpdateRequired) await changePassword(deps, url, tls, session);
    }
  }

  const entry = deps.config.update(url, () => ({
    url,
    fingerprint: tls.fingerprint,
    skipTLSVerify: tls.skipTLSVerify || undefined,
    session: {
      accessKey: session.accessKey,
      userID: session.userID,
      name: session.name,
      expires: session.expires ?? undefined,
    },
  }));
  if (previous?.userID !== session.userID) new CredentialCache(deps.config.cacheDir).clear();
  const access = await syncKubeconfig(deps.api({ ...entry, accessKey: session.accessKey }), entry, deps.env);
  deps.out.line(`Logged in to ${url} as ${session.name}.`);
  const reachable = access.filter((a) => a.dest?.url).length;
  deps.out.line(
    reachable
      ? `You can use ${reachable} destination${reachable === 1 ? '' : 's'}: run \`infra list\`, then \`infra use NAME\`.`
      : 'You have no access to any destination yet: ask an admin for a grant.',
  );
}

const NO_TERMINAL =
  'cannot ask how to log in without a terminal: pass --key KEY (or set INFRA_ACCESS_KEY), --user EMAIL with --password-stdin, --provider NAME, or --no-browser';

/** "? Select a server:": the known ones (the last one used first), or another typed in. */
async function pickServer(deps: Deps): Promise<string> {
  const { current, servers } = deps.config.read();
  const known = servers.map((s) => s.url).sort((a, b) => Number(b === current) - Number(a === current));
  const other = 'Another server';
  const i = known.length ? await deps.prompt.select('Select a server:', [...known, other]) : known.length;
  return i < known.length ? known[i] : (await deps.prompt.ask('Server: ')).trim();
}

/** "? Select an identity provider:": each provider by name and address, then a password or an access key. */
async function pickMethod(deps: Deps, api: ReturnType<Deps['api']>): Promise<{ key?: string; provider?: string }> {
  const providers = (await api.list<Provider>('/api/providers')).sort((a, b) => a.name.localeCompare(b.name));
  const choices = [
    ...providers.map((p) => `${p.name} (${hostOf(p.url)})`),
    'Login with username and password',
    'Login with an access key',
  ];
  const i = await deps.prompt.select('Select an identity provider:', choices);
  if (i < providers.length) return { provider: providers[i].name };
  if (i === providers.length) return {};
  return { key: await deps.prompt.secret('Access key: ') };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Switching back to a server whose session is still valid needs no credentials. */
async function reuse(deps: Deps, url: string, tls: TlsPolicy, previous: Session): Promise<LoginResponse | undefined> {
  if (previous.expires && Date.parse(previous.expires) <= deps.clock().getTime()) return undefined;
  try {
    const self = await deps.api({ url, ...tls, accessKey: previous.accessKey }).get<User>('/api/users/self');
    return { userID: self.id, name: self.name, accessKey: previous.accessKey, expires: previous.expires };
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return undefined;
    throw e;
  }
}

async function loginWithKey(api: ReturnType<Deps['api']>, url: string, key: string): Promise<LoginResponse> {
  try {
    return await api.post<LoginResponse>('/api/login', { accessKey: key.trim() });
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 400)) {
      throw new CliError(
        `${url} did not accept the access key (expired, revoked or mistyped): ask an admin for a new one (\`infra keys add\`)`,
      );
    }
    throw e;
  }
}

/** The password piped in: one trailing newline (as `echo` adds) is not part of it. */
function passwordFrom(input: string): string {
  const password = input.replace(/\r?\n$/, '');
  if (password === '') throw new CliError('--password-stdin read no password from standard input');
  return password;
}

async function loginWithPassword(
  deps: Deps,
  api: ReturnType<Deps['api']>,
  url: string,
  user?: string,
  given?: string,
): Promise<LoginResponse> {
  const name = (user ?? (await deps.prompt.ask('Email: '))).trim();
  const password = given ?? (await deps.prompt.secret('Password: '));
  try {
    return await api.post<LoginResponse>('/api/login', { name, password });
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 400)) {
      throw new CliError(
        `${url} did not accept that email and password: try again, or ask an admin to reset your password`,
      );
    }
    throw e;
  }
}

// A one-time password must be replaced before anything else.
async function changePassword(deps: Deps, url: string, tls: TlsPolicy, session: LoginResponse): Promise<void> {
  deps.out.info('Your password is a one-time password: choose a new one.');
  for (let attempt = 0; attempt < 3; attempt++) {
    const password = await deps.prompt.secret('New password: ');
    const again = await deps.prompt.secret('Confirm new password: ');
    if (password !== again) {
      deps.out.info('The passwords do not match; try again.');
      continue;
    }
    try {
      await deps.api({ url, ...tls, accessKey: session.accessKey }).put(`/api/users/${session.userID}`, { password });
      deps.out.info('Password updated.');
      return;
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 400)) throw e;
      deps.out.info(`${e.message}; try again.`);
    }
  }
  throw new CliError('did not log in: you must choose a new password; run `infra login` again');
}

async function logout(deps: Deps, opts: { clear?: boolean }): Promise<void> {
  const config = deps.config.read();
  const server = config.servers.find((s) => s.url === config.current);
  if (server?.session) {
    try {
      await loggedIn(deps).api.post('/api/logout');
    } catch (e) {
      // The local session still ends; the key expires on the server by itself.
      if (!(e instanceof ApiError && e.status === 401))
        deps.out.warn(`could not end the session on the server: ${(e as Error).message}`);
    }
  }
  if (server?.session) await removeManagedContexts(kubeconfigPath(deps.env), identityOf(server));
  new CredentialCache(deps.config.cacheDir).clear();
  if (server) {
    if (opts.clear)
      deps.config.write({ ...config, current: undefined, servers: config.servers.filter((s) => s !== server) });
    else deps.config.update(server.url, ({ session: _, ...rest }) => rest);
  }
  deps.out.line(server ? `Logged out of ${server.url}.` : 'You were not logged in.');
}
