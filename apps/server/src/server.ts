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
import { JsonLogger } from './common/logger.js';
import { loadTls } from './common/tls.js';
import { ensurePrivateDir } from './common/private-dir.js';
import { requestIdMiddleware, requestIdOf } from './common/request-id.js';
import { AppValidationPipe } from './common/validation.pipe.js';
import { Database } from './db/database.js';
import { connectorStream } from './connectors/connector.grpc.js';
import { ConnectorStreams } from './connectors/connector-streams.js';
import { Metrics } from './modules/health/metrics.js';
import { OpenApiDocument } from './modules/health/openapi.controller.js';
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
  stop(): Promise<void>;
}

export interface StartOptions {
  logger?: JsonLogger;
  /** Where lines meant for a person go (the bootstrap key); stdout by default. */
  print?: (line: string) => void;
  /** More gRPC services served beside the admin API on INFRA_GRPC_PORT (e.g. the connector stream). */
  grpcServices?: GrpcRegistration[];
  /** The built web UI to serve at /; the @infra/web package's build by default, none with null. */
  webRoot?: string | null;
}

export async function startServer(config: ServerConfig, opts: StartOptions = {}): Promise<RunningServer> {
  const logger = opts.logger ?? new JsonLogger(config.logLevel);
  const print = opts.print ?? ((line: string) => process.stdout.write(line + '\n'));
  logger.info('starting', { config: redactConfig(config) });
  // The data dir holds the root key, the TLS key and the embedded database: owner-only, whatever the umask was.
  if (ensurePrivateDir(config.dataDir)) print(`Made ${config.dataDir} readable by its owner only (it was open to others)`);
  if (!config.databaseUrl && !existsSync(join(config.dataDir, 'db'))) {
    print(`Creating the embedded database in ${join(config.dataDir, 'db')} (the first start takes a little while)`);
  }
  const tls = await loadTls(config);
  const database = await Database.open(config);
  let app: NestExpressApplication | undefined;
  let grpc: AdminGrpcServer | undefined;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database, logger, print), {
      logger,
      bodyParser: false,
      httpsOptions: tls ? { cert: tls.cert, key: tls.key } : undefined,
    });
    configureHttp(app, logger);
    const webRoot = opts.webRoot === undefined ? defaultWebRoot() : opts.webRoot;
    if (webRoot) app.use(webAppMiddleware(webRoot));
    else logger.info('no web UI to serve: build it with npm run build', {});
    app.get(OpenApiDocument).document = SwaggerModule.createDocument(app, new DocumentBuilder()
      .setTitle('Infra').setDescription('Access management for Kubernetes').setVersion(config.version)
      .addBearerAuth().build());
    await app.init();
    await app.listen(config.httpPort, config.httpHost);
    grpc = config.grpcPort === undefined ? undefined : await startAdminGrpc(app, config.httpHost, config.grpcPort, logger, tls, [connectorStream, ...(opts.grpcServices ?? [])]);
  } catch (e) {
    await app?.close().catch(() => undefined);
    await database.close();
    throw e;
  }
  const nest = app;
  const { port } = nest.getHttpServer().address() as AddressInfo;
  // url reaches the server from this machine; publicUrl is what the admin said users reach it at.
  const url = `${tls ? 'https' : 'http'}://${localHost(config.httpHost)}:${port}`;
  logger.info('listening', { url, bind: `${config.httpHost}:${port}`, publicUrl: config.publicUrl, grpc: grpc?.address, database: database.isEmbedded ? 'embedded' : 'postgres' });
  return {
    url,
    port,
    grpcAddress: grpc?.address,
    tls: tls && { certificate: tls.cert, fingerprint: tls.fingerprint, selfSigned: tls.selfSigned },
    database,
    app: nest,
    async stop() {
      await nest.get(ConnectorStreams).closeAll(); // open streams would hold up a graceful gRPC shutdown
      await grpc?.stop();
      await nest.close();
      await database.close();
    },
  };
}

/** A host that reaches a server bound to `bind` from this machine (a wildcard bind is reachable on loopback). */
function localHost(bind: string): string {
  if (bind === '0.0.0.0') return '127.0.0.1';
  if (bind === '::') return '[::1]';
  return bind.includes(':') ? `[${bind}]` : bind;
}

function configureHttp(app: NestExpressApplication, logger: JsonLogger): void {
  const metrics = app.get(Metrics);
  app.use(requestIdMiddleware);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      // The matched route pattern, not the raw path: keeps label cardinality bounded and ids out of metrics.
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ method: req.method, route }, seconds);
      logger.info('request', {
        requestId: requestIdOf(req), method: req.method, path: req.path, status: res.statusCode,
        ms: Math.round(seconds * 1000),
      });
    });
    next();
  });
  app.useBodyParser('json', { limit: '64kb' });
  app.useGlobalPipes(new AppValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter(logger));
  app.set('trust proxy', 'loopback');
}
