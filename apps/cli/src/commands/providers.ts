// `infra providers list|add|edit|remove`: identity providers people log in with (`infra login --provider NAME`).
// The server checks the issuer's discovery document when a provider is added or edited; the client secret is
// asked for without echo when not given, and never printed.
import { Command } from 'commander';
import { isValidName } from '@infra/access';
import { CliError } from '../errors.js';
import { loggedIn, type Deps } from '../deps.js';
import type { Provider } from '../types.js';
import { examples } from './help.js';
import { addRemoveCommand, findByName, PROVIDERS } from './lookup.js';

interface ProviderOptions {
  url?: string;
  clientId?: string;
  clientSecret?: string;
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
    .description('Manage identity providers (any OpenID Connect issuer)')
    .addHelpText('after', examples(['infra providers list', 'infra providers add okta --url https://acme.okta.com --client-id 0oa1… --client-secret …']));

  providers
    .command('list')
    .description('List identity providers')
    .addHelpText('after', examples(['infra providers list', 'infra providers list -o json']))
    .action(async () => {
      const server = deps.config.current();
      if (!server) throw new CliError('which server? run `infra login SERVER` first');
      const api = deps.api({ ...server, accessKey: server.session?.accessKey });
      const all = (await api.list<Provider>('/api/providers')).sort((a, b) => a.name.localeCompare(b.name));
      deps.out.table(all, [
        { header: 'NAME', value: (p) => p.name },
        { header: 'KIND', value: (p) => p.kind },
        { header: 'URL', value: (p) => p.url },
        { header: 'CLIENT ID', value: (p) => p.clientID },
      ], 'No identity providers yet: add one with `infra providers add NAME --url ISSUER --client-id ID`.');
    });

  providers
    .command('add')
    .argument('<NAME>', 'a lower-case DNS label, e.g. okta')
    .description("Add an OpenID Connect provider (the server checks the issuer's discovery document)")
    .requiredOption('--url <ISSUER>', 'the issuer URL, e.g. https://acme.okta.com')
    .requiredOption('--client-id <ID>', 'the client ID of the application registered at the provider')
    .option('--client-secret <SECRET>', 'its client secret (asked for when not given, so it stays out of shell history)')
    .addHelpText('after', examples(['infra providers add okta --url https://acme.okta.com --client-id 0oa1… --client-secret …']))
    .action(async (name: string, opts: ProviderOptions) => {
      if (!isValidName(name)) throw new CliError(`"${name}" is not a valid provider name: use a lower-case DNS label like okta`);
      const { api } = loggedIn(deps);
      const clientSecret = opts.clientSecret ?? (await deps.prompt.secret('Client secret: '));
      printed(deps, 'Added', await api.post<Provider>('/api/providers', { name, url: opts.url, clientID: opts.clientId, clientSecret }));
    });

  providers
    .command('edit')
    .argument('<NAME>', 'the provider name')
    .description('Change the issuer URL, client ID or client secret of a provider')
    .option('--url <ISSUER>', 'the new issuer URL')
    .option('--client-id <ID>', 'the new client ID')
    .option('--client-secret <SECRET>', 'the new client secret')
    .addHelpText('after', examples(['infra providers edit okta --client-secret …']))
    .action(async (name: string, opts: ProviderOptions) => {
      const change = { url: opts.url, clientID: opts.clientId, clientSecret: opts.clientSecret };
      if (Object.values(change).every((v) => v === undefined)) throw new CliError('nothing to change: pass --url, --client-id or --client-secret');
      const { api } = loggedIn(deps);
      const found = await findByName<Provider>(api, PROVIDERS, name);
      printed(deps, 'Updated', await api.patch<Provider>(`/api/providers/${found.id}`, change));
    });

  addRemoveCommand(providers, deps, PROVIDERS, ['<NAME>', 'the provider name'], 'Remove an identity provider (its users keep their Infra accounts and grants)', 'infra providers remove okta');
}
