// Entry point of the connector process: read the configuration, start, and stop cleanly on SIGTERM/SIGINT.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config.js';
import { startConnector } from './connector.js';
import { connectorLogger } from './log.js';

export { loadConfig, ConfigError, SETTINGS, type ConnectorConfig } from './config.js';
export { startConnector, type ConnectorDeps, type RunningConnector } from './connector.js';
export { ConnectorState } from './state/connector-state.js';
export { generateServingCert } from './tls.js';
export { connectorLogger, silentLogger, type Logger } from './log.js';
export { relay } from './proxy/relay.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, process.argv.slice(2));
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const log = connectorLogger(config.logLevel);
  const connector = await startConnector(config, { logger: log }).catch((e: Error) => {
    log.error({ err: e }, 'connector failed to start');
    process.exit(1);
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    connector.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

const invokedDirectly =
  process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main().catch((e: Error) => {
    connectorLogger().error({ err: e }, 'connector failed');
    process.exit(1);
  });
}
