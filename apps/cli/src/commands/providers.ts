// `infra providers list|add|edit|remove|scim-token`: identity providers people log in with (`infra login --provider NAME`).
// The server checks the issuer's discovery document when a provider is added or edited; the client secret is
// asked for without echo when not given, and never printed.
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { isValidName } from '@infra/access';
import { CliError } from '../errors.js';
import { loggedIn, type Deps } from '../deps.js';
import type { Provider } from '../types.js';
import { examples } from './help.js';
import { addRemoveCommand, findByName, PROVIDERS } from './lookup.js';

const KINDS = ['oidc', 'okta', 'google', 'azure'];

interface ProviderOptions {
  kind?: string;
  url?: string;
  clientId?: string;
  clientSecret?: string;
  oktaApiToken?: string;
  googleServiceAccountKey?: string;
  googleAdminEmail?: string;
  azureTenant?: string;
}

/** Directory settings for group sync, as the API takes them; the Google key is read from its file. */
function directoryFields(opts: ProviderOptions): Record<string, string | undefined> {
  let key: string | undefined;
  if (opts.googleServiceAccountKey !== undefined) {
    try {
      key = readFileSync(opts.googleServiceAccountKey, 'utf8');
    } catch (e) {
      throw new CliError(
        `cannot read the service account key file ${opts.googleServiceAccountKey}: ${(e as Error).message}`,
      );
    }
  }
  return {
    oktaAPIToken: opts.oktaApiToken,
    googleServiceAccountKey: key,
    googleAdminEmail: opts.googleAdminEmail,
    azureTenantID: opts.azureTenant,
  };
}

/** The group-sync options both add and edit take. */
function withDirectoryOptions(c: Command): Command {
  return c
    .option('--okta-api-token <TOKEN>', "okta: an API token (read-only admin) to read users' groups")
    .option(
      '--google-service-account-key <FILE>',
      'google: the JSON key file of a service account with domain-wide delegation',
    )
    .option('--google-admin-email <EMAIL>', 'google: a Workspace admin the service account acts as')
    .option('--azure-tenant <ID>', 'azure: the tenant ID; reads groups from Microsoft Graph');
}

function age(iso: string | undefined): string {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return s < 120 ? `${s}s ago` : s < 7200 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`;
}

function printed(deps: Deps, verb: string, p: Provider): void {
  deps.out.object(p, () => {
    deps.out.line(`${verb} identity provider ${p.name} (${p.url}).`);
    deps.out.line(`Users log in with: infra login --provider ${p.name}`);
  });
}

export function registerProviders(program: Command, deps: Deps): void {
  const providers = program
    .command('providers')
    .description('Manage identity providers (Okta, Google, Azure AD or any OpenID Connect issuer)')
    .addHelpText(
      'after',
      examples([
        'infra providers list',
        'infra providers add okta --url https://acme.okta.com --client-id 0oa1… --client-secret …',
      ]),
    );

  providers
    .command('list')
    .description('List identity providers')
    .addHelpText('after', examples(['infra providers list', 'infra providers list -o json']))
    .action(async () => {
      const server = deps.config.current();
      if (!server) throw new CliError('which server? run `infra login SERVER` first');
      const api = deps.api({ ...server, accessKey: server.session?.accessKey });
      const all = (await api.list<Provider>('/api/providers')).sort((a, b) => a.name.localeCompare(b.name));
      deps.out.table(
        all,
        [
          { header: 'NAME', value: (p) => p.name },
          { header: 'KIND', value: (p) => p.kind },
          { header: 'URL', value: (p) => p.url },
          { header: 'CLIENT ID', value: (p) => p.clientID },
          { header: 'GROUPS FROM', value: (p) => (p.directory ? 'directory' : 'groups claim') },
          { header: 'LAST SYNC', value: (p) => age(p.lastSync) },
          { header: 'LAST ERROR', value: (p) => p.lastError ?? '' },
        ],
        'No identity providers yet: add one with `infra providers add NAME --url ISSUER --client-id ID`.',
      );
    });

  withDirectoryOptions(
    providers
      .command('add')
      .argument('<NAME>', 'a lower-case DNS label, e.g. okta')
      .description("Add an OpenID Connect provider (the server checks the issuer's discovery document)")
      .addOption(new Option('--kind <KIND>', 'the kind of provider').choices(KINDS).default('oidc'))
      .option(
        '--url <ISSUER>',
        'the issuer URL, e.g. https://acme.okta.com (google: not needed; azure: from --azure-tenant)',
      )
      .requiredOption('--client-id <ID>', 'the client ID of the application registered at the provider')
      .option(
        '--client-secret <SECRET>',
        'its client secret (asked for when not given, so it stays out of shell history)',
      )
      .addHelpText(
        'after',
        examples([
          'infra providers add okta --kind okta --url https://acme.okta.com --client-id 0oa1… --okta-api-token 00a…',
          'infra providers add google --kind google --client-id 1234….apps.googleusercontent.com --google-service-account-key key.json --google-admin-email admin@acme.com',
          'infra providers add azure --kind azure --azure-tenant 72f9… --client-id 3c1a…',
        ]),
      ),
  ).action(async (name: string, opts: ProviderOptions) => {
    if (!isValidName(name))
      throw new CliError(`"${name}" is not a valid provider name: use a lower-case DNS label like okta`);
    if (opts.url === undefined && opts.kind !== 'google' && !(opts.kind === 'azure' && opts.azureTenant)) {
      throw new CliError(opts.kind === 'azure' ? 'pass --url ISSUER or --azure-tenant ID' : 'pass --url ISSUER');
    }
    const directory = directoryFields(opts);
    const { api } = loggedIn(deps);
    const clientSecret = opts.clientSecret ?? (await deps.prompt.secret('Client secret: '));
    printed(
      deps,
      'Added',
      await api.post<Provider>('/api/providers', {
        name,
        kind: opts.kind,
        url: opts.url,
        clientID: opts.clientId,
        clientSecret,
        ...directory,
      }),
    );
  });

  withDirectoryOptions(
    providers
      .command('edit')
      .argument('<NAME>', 'the provider name')
      .description('Change the issuer URL, client ID or client secret of a provider')
      .option('--url <ISSUER>', 'the new issuer URL')
      .option('--client-id <ID>', 'the new client ID')
      .option('--client-secret <SECRET>', 'the new client secret')
      .addHelpText(
        'after',
        examples(['infra providers edit okta --client-secret …', 'infra providers edit okta --okta-api-token 00b…']),
      ),
  ).action(async (name: string, opts: ProviderOptions) => {
    const change = {
      url: opts.url,
      clientID: opts.clientId,
      clientSecret: opts.clientSecret,
      ...directoryFields(opts),
    };
    if (Object.values(change).every((v) => v === undefined)) {
      throw new CliError(
        'nothing to change: pass --url, --client-id, --client-secret or a directory option (--okta-api-token, …)',
      );
    }
    const { api } = loggedIn(deps);
    const found = await findByName<Provider>(api, PROVIDERS, name);
    printed(deps, 'Updated', await api.patch<Provider>(`/api/providers/${found.id}`, change));
  });

  providers
    .command('scim-token')
    .argument('<NAME>', 'the provider name')
    .description(
      "Make the SCIM bearer token for the provider's provisioning (Okta, Entra); it replaces any earlier one",
    )
    .addHelpText('after', examples(['infra providers scim-token okta', 'infra providers scim-token okta -o json']))
    .action(async (name: string) => {
      const { api, server } = loggedIn(deps);
      const made = await api.post<{ provider: string; baseURL: string; token: string }>(
        `/api/providers/${encodeURIComponent(name)}/scim-token`,
        {},
      );
      // Without INFRA_PUBLIC_URL the server answers a path: the address this CLI reaches it at is the best guess.
      if (made.baseURL.startsWith('/')) made.baseURL = new URL(made.baseURL, server.url).toString();
      // Shown once: the server keeps only its hash.
      deps.out.object(made, () => {
        deps.out.line(`SCIM provisioning for ${made.provider} (the token is shown once; a new one replaces it):`);
        deps.out.line(`  Base URL:     ${made.baseURL}`);
        deps.out.line(`  Bearer token: ${made.token}`);
      });
    });

  addRemoveCommand(
    providers,
    deps,
    PROVIDERS,
    ['<NAME>', 'the provider name'],
    'Remove an identity provider (its users keep their Infra accounts and grants)',
    'infra providers remove okta',
  );
}
