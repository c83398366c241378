// `npm start`: zero configuration starts on the embedded database in ./.infra-data and prints where
// it listens (and, on first start, the admin access key).
import { loadConfig, ConfigError } from './config/config.js';
import { startServer } from './server.js';

try {
  const config = loadConfig(process.env);
  const server = await startServer(config);
  process.stdout.write(`Infra server listening on ${server.url}\n`);
  if (config.publicUrl) process.stdout.write(`Users reach it at ${config.publicUrl} (INFRA_PUBLIC_URL)\n`);
  else if (['0.0.0.0', '::'].includes(config.httpHost)) {
    process.stdout.write(`It listens on every interface (${config.httpHost}); set INFRA_PUBLIC_URL to the address users reach it at\n`);
  }
  if (server.tls) {
    const kind = server.tls.selfSigned ? 'self-signed certificate' : 'certificate';
    process.stdout.write(`TLS ${kind} SHA-256 fingerprint: ${server.tls.fingerprint}\n`);
  }
  if (server.grpcAddress) {
    const dial = config.publicGrpcUrl ? ` (connectors dial ${config.publicGrpcUrl})` : '';
    process.stdout.write(`Infra gRPC (admin API and connector stream) on ${server.grpcAddress}${dial}\n`);
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.stop().then(() => process.exit(0), () => process.exit(1));
    });
  }
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
  throw e;
}
