// `infra destinations list|add|remove`: the clusters Infra manages access to.
import { Command } from 'commander';
import { isValidName } from '@infra/access';
import { connectorGrpcUrl, helmCommand, type ServerVersion } from '@infra/access/connector-install';
import { parseServerUrl } from '../api.js';
import { CliError } from '../errors.js';
import { relativeTime } from '../output.js';
import { loggedIn, type Deps } from '../deps.js';
import type { Destination } from '../types.js';
import { examples } from './help.js';
import { addRemoveCommand, DESTINATIONS } from './lookup.js';

export function registerDestinations(program: Command, deps: Deps): void {
  const destinations = program
    .command('destinations')
    .description('Manage destinations (Kubernetes clusters)')
    .addHelpText('after', examples(['infra destinations list', 'infra destinations add production']));

  destinations
    .command('list')
    .description('List destinations')
    .addHelpText('after', examples(['infra destinations list', 'infra destinations list -o yaml']))
    .action(async () => {
      const all = (await loggedIn(deps).api.list<Destination>('/api/destinations')).sort((a, b) =>
        a.name.localeCompare(b.name),
      );
      const now = deps.clock();
      deps.out.table(
        all,
        [
          { header: 'NAME', value: (d) => d.name },
          { header: 'URL', value: (d) => d.url || '-' },
          { header: 'CONNECTED', value: (d) => (d.connected ? 'yes' : 'no') },
          { header: 'KUBERNETES', value: (d) => d.kubernetesVersion || '-' },
          { header: 'LAST SEEN', value: (d) => (d.lastSeen ? relativeTime(d.lastSeen, now) : 'never') },
        ],
        'No destinations yet: add one with `infra destinations add NAME`.',
      );
    });

  destinations
    .command('add')
    .argument('<NAME>', 'a lower-case DNS label, e.g. production')
    .description("Add a destination; prints its connector's access key and the Helm command to install the connector")
    .option(
      '--grpc-url <URL>',
      "the server's gRPC address that connectors dial (default: the server you are logged in to)",
    )
    .addHelpText(
      'after',
      examples([
        'infra destinations add production',
        'infra destinations add staging --grpc-url https://grpc.infra.example.com',
      ]),
    )
    .action(async (name: string, opts: { grpcUrl?: string }) => {
      if (!isValidName(name))
        throw new CliError(`"${name}" is not a valid destination name: use a lower-case DNS label like production`);
      const { api, server } = loggedIn(deps);
      const grpcUrl =
        opts.grpcUrl === undefined
          ? connectorGrpcUrl(await api.get<ServerVersion>('/api/version'), server.url)
          : parseServerUrl(opts.grpcUrl);
      const created = await api.post<{ destination: Destination; connector: { userName: string; accessKey: string } }>(
        '/api/destinations',
        { name },
      );
      deps.out.object(created, () => {
        deps.out.line(`Added destination ${name}.`);
        deps.out.line(`Connector access key (shown once): ${created.connector.accessKey}`);
        deps.out.line('');
        deps.out.line('Install the connector in the cluster:');
        deps.out.line('');
        deps.out.line(`  ${helmCommand(grpcUrl, name, created.connector.accessKey)}`);
        if (server.fingerprint) {
          deps.out.line('');
          deps.out.line(
            `The server's certificate is trusted by its fingerprint: also pass --set server.tlsFingerprint=${server.fingerprint}`,
          );
          deps.out.line('(or --set-file server.caCert=<PEM of the CA that signed it>).');
        } else if (server.skipTLSVerify) {
          deps.out.line('');
          deps.out.line(
            "The server's certificate is not verified: also pass --set-file server.caCert=<PEM of the CA that signed it>.",
          );
        }
      });
    });

  addRemoveCommand(
    destinations,
    deps,
    DESTINATIONS,
    ['<NAME>', 'the destination name'],
    'Remove a destination (its connector is disconnected; its grants stop working)',
    'infra destinations remove production',
  );
}
