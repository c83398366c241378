// Builds and starts the whole server from a parsed configuration. main.ts and the test harness both
// come through here, so tests run exactly what production runs.
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { AppModule } from './app.module.js';
import { startAdminGrpc, type AdminGrpcServer, type GrpcRegistration } from './grpc/admin-grpc.server.js';
import { redactConfig, type ServerConfig } from './config/config.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { NestLogger, httpLogger, loggerParams, serverLogger, type Logger } from './common/logger.js';
import { IdentityProvider, fingerprintOf, loadTls, type TlsMaterial } from './common/tls.js';
import { ensurePrivateDir } from './common/private-dir.js';
import { AppValidationPipe } from './common/validation.pipe.js';
import { Database } from './db/database.js';
import { connectorStream } from './connectors/connector.grpc.js';
import { ConnectorStreams } from './connectors/connector-streams.js';
import { Metrics } from './modules/health/metrics.js';
import { startMetricsListener, type MetricsListener } from './modules/health/metrics-listener.js';
import { OpenApiDocument } from './modules/health/openapi.controller.js';
import type { ApplyResult } from './modules/apply/apply.service.js';
import { applyConfigFile } from './modules/apply/config-file.js';
import { defaultWebRoot, webAppMiddleware } from './common/web-app.js';

export interface RunningServer {
  url: string;
  port: number;
  /** host:port of the gRPC listener (admin API and connector stream), unless INFRA_GRPC_PORT=off. */
  grpcAddress: string | undefined;
  /** The served certificate (PEM) and its SHA-256 fingerprint, unless INFRA_TLS=off. */
  tls: { certificate: string; fingerprint: string; selfSigned: boolean } | undefined;
  database: Database;
  app: NestExpressApplication;
  /** http://host:port/metrics of the metrics port, when INFRA_METRICS_PORT is set. */
  metricsUrl: string | undefined;
  /** Applies INFRA_CONFIG_FILE again (SIGHUP); problems are logged and change nothing. */
  reloadConfigFile(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** The root logger (tests pass one writing to memory); JSON lines on stdout at INFRA_LOG_LEVEL otherwise. */
  logger?: Logger;
  /** Where lines meant for a person go (the bootstrap key); stdout by default. */
  print?: (line: string) => void;
  /** More gRPC services served beside the admin API on INFRA_GRPC_PORT (e.g. the connector stream). */
  grpcServices?: GrpcRegistration[];
  /** The built web UI to serve at /; the @infra/web package's build by default, none with null. */
  webRoot?: string | null;
  /** How often INFRA_TLS_CERT / INFRA_TLS_KEY are read again for a renewed certificate; default 10 s. */
  certificatePollMs?: number;
}

export async function startServer(given: ServerConfig, opts: StartOptions = {}): Promise<RunningServer> {
  // This server's own copy: the gRPC port it binds is written into it, and the caller's stays as given.
  const config = { ...given };
  const logger = opts.logger ?? serverLogger(config.logLevel);
  const print = opts.print ?? ((line: string) => process.stdout.write(line + '\n'));
  logger.info({ config: redactConfig(config) }, 'starting');
  // The data dir holds the root key, the TLS key and the embedded database: owner-only, whatever the umask was.
  if (ensurePrivateDir(config.dataDir))
    print(`Made ${config.dataDir} readable by its owner only (it was open to others)`);
  if (!config.databaseUrl && !existsSync(join(config.dataDir, 'db'))) {
    print(`Creating the embedded database in ${join(config.dataDir, 'db')} (the first start takes a little while)`);
  }
  const tls = await loadTls(config);
  const grpcIdentity = tls?.files ? new IdentityProvider(tls) : undefined;
  const database = await Database.open(config);
  let app: NestExpressApplication | undefined;
  let grpc: AdminGrpcServer | undefined;
  let metricsPort: MetricsListener | undefined;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database, logger, print), {
      logger: new NestLogger(loggerParams(logger)),
      bodyParser: false,
      httpsOptions: tls ? { cert: tls.cert, key: tls.key } : undefined,
    });
    configureHttp(app, logger);
    const webRoot = opts.webRoot === undefined ? defaultWebRoot() : opts.webRoot;
    if (webRoot) app.use(webAppMiddleware(webRoot));
    else logger.info('no web UI to serve: build it with npm run build');
    app.get(OpenApiDocument).document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Infra')
        .setDescription('Access management for Kubernetes')
        .setVersion(config.version)
        .addBearerAuth()
        .build(),
    );
    await app.init();
    if (config.configFile)
      logConfigFile(logger, config.configFile, await applyConfigFile(app, config.configFile, process.env));
    await app.listen(config.httpPort, config.httpHost);
    if (config.metricsPort !== undefined)
      metricsPort = await startMetricsListener(
        config.httpHost,
        config.metricsPort,
        app.get(Metrics),
        config.metricsToken,
      );
    grpc =
      config.grpcPort === undefined
        ? undefined
        : await startAdminGrpc(app, config.httpHost, config.grpcPort, logger, grpcIdentity ?? tls, [
            connectorStream,
            ...(opts.grpcServices ?? []),
          ]);
    // Port 0 asks the OS for one: /api/version must tell connectors (and `infra destinations add`) the one it gave.
    if (grpc) config.grpcPort = grpc.port;
  } catch (e) {
    await metricsPort?.close();
    await app?.close().catch(() => undefined);
    await database.close();
    throw e;
  }
  const nest = app;
  const { port } = nest.getHttpServer().address() as AddressInfo;
  watchRenewals(tls, nest, grpcIdentity, logger, opts.certificatePollMs);
  // url reaches the server from this machine; publicUrl is what the admin said users reach it at.
  const url = `${tls ? 'https' : 'http'}://${localHost(config.httpHost)}:${port}`;
  logger.info(
    {
      url,
      bind: `${config.httpHost}:${port}`,
      publicUrl: config.publicUrl,
      grpc: grpc?.address,
      database: database.isEmbedded ? 'embedded' : 'postgres',
    },
    'listening',
  );
  return {
    url,
    port,
    grpcAddress: grpc?.address,
    metricsUrl: metricsPort?.url,
    tls: tls && { certificate: tls.cert, fingerprint: tls.fingerprint, selfSigned: tls.selfSigned },
    database,
    app: nest,
    async reloadConfigFile() {
      if (!config.configFile) return;
      try {
        logConfigFile(logger, config.configFile, await applyConfigFile(nest, config.configFile, process.env));
      } catch (e) {
        logger.error({ err: e, file: config.configFile }, 'config file not applied');
      }
    },
    async stop() {
      tls?.files?.stop();
      await metricsPort?.close();
      await nest.get(ConnectorStreams).closeAll(); // open streams would hold up a graceful gRPC shutdown
      await grpc?.stop();
      await nest.close();
      await database.close();
    },
  };
}

/** A renewed certificate (cert-manager rewrote the mounted Secret) is served on both ports without a restart. */
function watchRenewals(
  tls: TlsMaterial | undefined,
  app: NestExpressApplication,
  grpc: IdentityProvider | undefined,
  logger: Logger,
  intervalMs?: number,
): void {
  const files = tls?.files;
  if (!files) return;
  files.watch({
    intervalMs,
    onChange: (pair) => {
      (app.getHttpServer() as import('node:https').Server).setSecureContext(pair);
      grpc?.update(pair);
      logger.info({ certFile: files.certFile, fingerprint: fingerprintOf(pair.cert) }, 'TLS certificate reloaded');
    },
    onProblem: (message) => logger.warn({ certFile: files.certFile }, message),
  });
}

function logConfigFile(logger: Logger, file: string, result: ApplyResult): void {
  logger.info({ file, changes: result.diff }, 'config file applied');
}

/** A host that reaches a server bound to `bind` from this machine (a wildcard bind is reachable on loopback). */
function localHost(bind: string): string {
  if (bind === '0.0.0.0') return '127.0.0.1';
  if (bind === '::') return '[::1]';
  return bind.includes(':') ? `[${bind}]` : bind;
}

function configureHttp(app: NestExpressApplication, logger: Logger): void {
  const metrics = app.get(Metrics);
  app.use(httpLogger(logger)); // first: even a body the parser refuses gets a request id and a log line
  app.use((req: Request, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      // The matched route pattern, not the raw path: keeps label cardinality bounded and ids out of metrics.
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ method: req.method, route }, seconds);
    });
    next();
  });
  // SCIM clients send application/scim+json (modules/scim).
  app.useBodyParser('json', { limit: '64kb', type: ['application/json', 'application/scim+json'] });
  app.useGlobalPipes(new AppValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter(logger));
  app.set('trust proxy', 'loopback');
}
