// `npm start`: zero configuration starts on the embedded database in ./.infra-data and prints where
// it listens (and, on first start, the admin access key).
import { loadConfig, ConfigError } from './config/config.js';
import { startServer } from './server.js';

/** `--config-file PATH` (or `=PATH`) is INFRA_CONFIG_FILE given on the command line; it wins over the variable. */
function configFileArgument(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--config-file' || a.startsWith('--config-file='));
  if (i < 0) return undefined;
  return argv[i]!.includes('=') ? argv[i]!.slice('--config-file='.length) : argv[i + 1];
}

try {
  const configFile = configFileArgument(process.argv.slice(2));
  const config = loadConfig(configFile === undefined ? process.env : { ...process.env, INFRA_CONFIG_FILE: configFile });
  const server = await startServer(config);
  process.stdout.write(`Infra server listening on ${server.url}\n`);
  if (config.publicUrl) process.stdout.write(`Users reach it at ${config.publicUrl} (INFRA_PUBLIC_URL)\n`);
  else if (['0.0.0.0', '::'].includes(config.httpHost)) {
    process.stdout.write(
      `It listens on every interface (${config.httpHost}); set INFRA_PUBLIC_URL to the address users reach it at\n`,
    );
  }
  if (server.tls) {
    const kind = server.tls.selfSigned ? 'self-signed certificate' : 'certificate';
    process.stdout.write(`TLS ${kind} SHA-256 fingerprint: ${server.tls.fingerprint}\n`);
  }
  if (server.grpcAddress) {
    const dial = config.publicGrpcUrl ? ` (connectors dial ${config.publicGrpcUrl})` : '';
    process.stdout.write(`Infra gRPC (admin API and connector stream) on ${server.grpcAddress}${dial}\n`);
  }
  if (config.configFile) process.on('SIGHUP', () => void server.reloadConfigFile());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
  throw e;
}
