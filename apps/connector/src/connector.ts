// Wires the connector together: last-known state ← stream from the server; state → RBAC reconciler and kubectl
// proxy; proxy audit events and cluster namespaces → stream. startConnector is what main.ts and e2e tests call.
import { URL } from 'node:url';
import { systemClock, type Clock } from './clock.js';
import type { ConnectorConfig, ProxyCaSettings } from './config.js';
import { kubernetesVersion } from './kube/kube-config.js';
import { NamespaceWatch } from './kube/namespace-watch.js';
import { connectorLogger, type Logger } from './log.js';
import { AUDIT_MAX_BATCH, AuditBatcher } from './proxy/audit.js';
import { KubeProxy } from './proxy/kube-proxy.js';
import { Upstream } from './proxy/upstream.js';
import { KubeRbacClient, type RbacClient } from './rbac/rbac-client.js';
import { Reconciler } from './rbac/reconciler.js';
import { ConnectorState } from './state/connector-state.js';
import { serverCredentials } from './stream/server-credentials.js';
import { StreamClient } from './stream/stream-client.js';
import { generateServingCert, KeptCaCertificate, newProxyCa, type ServingCert } from './tls.js';
import { ProxyCaRotator } from './kube/proxy-ca-rotator.js';
import { CertificateFiles, type CertificateFilesOptions } from '@infra/access/cert-files';
import { startHealthServer } from './health.js';
import { ConnectorMetrics } from './metrics.js';
import { HeapCompaction, type HeapCompactionOptions } from './heap-compaction.js';

export const CONNECTOR_VERSION = '0.1.0';

/** Replaceable side effects (tests inject a clock, a quiet logger, small intervals). */
export interface ConnectorDeps {
  clock?: Clock;
  logger?: Logger;
  rbac?: RbacClient;
  sweepIntervalMs?: number; // how often expiries are checked; default 1 s
  auditFlushMs?: number;
  backoff?: { initialMs: number; maxMs: number };
  watchNamespaces?: boolean; // default true
  certificatePollMs?: number; // how often INFRA_PROXY_TLS_CERT_FILE/KEY_FILE are read again; default 10 s
  heapCompaction?: Omit<HeapCompactionOptions, 'logger'>; // when start-up or a burst of writes is followed by a memory-reducing GC
}

export interface RunningConnector {
  /** The URL the proxy listens on (https://host:port). */
  proxyUrl: string;
  /** The CA certificate kubeconfig must trust for proxyUrl. */
  caPem: string;
  /** The /healthz and /readyz listener, when config.health was given. */
  healthUrl?: string;
  state: ConnectorState;
  stream: StreamClient;
  reconciler: Reconciler;
  proxy: KubeProxy;
  stop(): Promise<void>;
}

export async function startConnector(config: ConnectorConfig, deps: ConnectorDeps = {}): Promise<RunningConnector> {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? connectorLogger(config.logLevel);
  const state = new ConnectorState(config.destination, clock);
  const caSettings = config.proxy.ca ?? DEFAULT_PROXY_CA;
  const kept = keptCa(config, caSettings, logger);
  const tls = config.proxy.tls ?? (kept ? await kept.start() : await servingCert(config, caSettings));
  let proxyCaPem = tls.caPem; // a kept CA's rotation changes it

  let problems = 0;
  const compaction = new HeapCompaction({ logger, ...deps.heapCompaction });
  const reconciler = new Reconciler({
    state,
    client: deps.rbac ?? new KubeRbacClient(config.kube),
    logger,
    report: (p) => {
      problems = p.length;
      stream.setReport(p);
    },
    passed: (pass) => compaction.passed(pass),
  });

  const metrics = new ConnectorMetrics();
  let audit: AuditBatcher | undefined;
  const upstream = await Upstream.forKubeConfig(config.kube);
  const proxy = new KubeProxy({
    state,
    clock,
    upstream,
    tls,
    logger,
    audit: (e) => {
      metrics.countRequest(e.status);
      audit?.record(e);
    },
  });
  const renewals = watchCertificateFiles(config, proxy, logger, deps.certificatePollMs);
  const listenUrl = await proxy.listen(config.proxy.host, config.proxy.port);
  const proxyUrl = config.proxy.publicUrl ?? listenUrl;
  if (!config.proxy.publicUrl && ['0.0.0.0', '::'].includes(config.proxy.host)) {
    logger.warn(
      { proxyUrl },
      'INFRA_PROXY_PUBLIC_URL is not set; users will be sent to the listen address, which they cannot reach',
    );
  }

  const stream = new StreamClient({
    address: config.server.address,
    dial: () => serverCredentials(config.server.address, config.server.tls),
    accessKey: config.accessKey,
    state,
    clock,
    logger,
    heartbeatMs: config.heartbeatMs,
    backoff: deps.backoff,
    registration: async () => ({
      destination: config.destination,
      proxyUrl,
      proxyCaPem,
      kubernetesVersion: await kubernetesVersion(config.kube),
      connectorVersion: CONNECTOR_VERSION,
    }),
  });
  audit = new AuditBatcher((events) => stream.sendAudit(events), {
    maxBatch: AUDIT_MAX_BATCH,
    flushMs: deps.auditFlushMs ?? 1000,
  });

  metrics.read({
    registered: () => stream.registered,
    sequence: () => state.sequence,
    openSessions: () => proxy.sessions.size,
    reconcileProblems: () => problems,
  });
  let health: Awaited<ReturnType<typeof startHealthServer>> | undefined;
  try {
    health = config.health
      ? await startHealthServer(
          config.health.host,
          config.health.port,
          {
            ready: () => state.hasSnapshot,
            detail: () => ({ registered: stream.registered, sequence: state.sequence }),
            metrics: () => metrics.render(),
          },
          { metricsToken: config.metricsToken },
        )
      : undefined;
  } catch (e) {
    renewals?.stop();
    await proxy.close(); // nothing else has started yet
    upstream.close();
    throw e;
  }

  // Background work starts only once every listener is up.
  state.on('changed', () => reconciler.trigger());
  const sweep = setInterval(() => state.sweep(), deps.sweepIntervalMs ?? 1000);
  const resync = setInterval(() => reconciler.trigger(), config.resyncIntervalMs);
  const namespaces =
    deps.watchNamespaces === false
      ? undefined
      : new NamespaceWatch(config.kube, (ns) => stream.setNamespaces(ns), logger);
  void namespaces?.start();
  // The CA Secret is read again on an interval: a rotation re-registers the bundle and swaps the certificate.
  const rotation = kept?.watch({
    ...serveRenewals(proxy, logger, { secret: config.proxy.caSecret }),
    intervalMs: caSettings.checkIntervalMs,
    onTrust: (bundle) => {
      proxyCaPem = bundle;
      logger.info('the proxy CA bundle changed; registering it with the server');
      stream.reregister();
    },
  });
  stream.start();
  logger.info({ destination: config.destination, proxyUrl, server: config.server.address }, 'connector started');

  return {
    proxyUrl,
    get caPem() {
      return proxyCaPem;
    },
    healthUrl: health?.url,
    state,
    stream,
    reconciler,
    proxy,
    async stop() {
      await health?.close();
      renewals?.stop();
      rotation?.stop();
      clearInterval(sweep);
      clearInterval(resync);
      await namespaces?.stop().catch(() => {});
      await proxy.close(); // closes open sessions, which records their audit events
      audit?.flush();
      await stream.stop();
      await reconciler.stop();
      compaction.stop();
      upstream.close();
    },
  };
}

const DEFAULT_PROXY_CA: ProxyCaSettings = {
  lifetimeMs: 10 * 365 * 86_400_000,
  overlapMs: 30 * 86_400_000,
  checkIntervalMs: 5 * 60_000,
};

const publicHosts = (config: ConnectorConfig) =>
  config.proxy.publicUrl ? [new URL(config.proxy.publicUrl).hostname] : [];

/** The CA kept in INFRA_PROXY_CA_SECRET and rotated there; undefined when no CA is kept or a certificate is given. */
function keptCa(config: ConnectorConfig, ca: ProxyCaSettings, logger: Logger): KeptCaCertificate | undefined {
  if (config.proxy.tls || !config.proxy.caSecret) return undefined;
  const rotator = new ProxyCaRotator({
    kube: config.kube,
    ref: config.proxy.caSecret,
    policy: { rotateBeforeMs: ca.rotateBeforeMs, overlapMs: ca.overlapMs },
    make: () => newProxyCa(ca.lifetimeMs),
    logger,
  });
  return new KeptCaCertificate(rotator, publicHosts(config));
}

/** A leaf for the public host from a CA made for this process only (none is kept). */
function servingCert(config: ConnectorConfig, ca: ProxyCaSettings): Promise<ServingCert> {
  return newProxyCa(ca.lifetimeMs).then((made) => generateServingCert(publicHosts(config), made));
}

/** How a renewed serving certificate reaches the proxy without a restart, whatever renewed it (files or the CA). */
function serveRenewals(
  proxy: KubeProxy,
  logger: Logger,
  source: Record<string, unknown>,
): Pick<CertificateFilesOptions, 'onChange' | 'onProblem'> {
  return {
    onChange: (pair) => {
      proxy.setCertificate({ certPem: pair.cert, keyPem: pair.key });
      logger.info(source, 'proxy certificate reloaded');
    },
    onProblem: (message) => logger.warn(source, message),
  };
}

/**
 * A certificate from files (cert-manager's Secret) is served anew when the files change, without a restart. The CA
 * sent at Register stays: a renewal from the same issuer keeps it valid for users' kubeconfigs.
 */
function watchCertificateFiles(
  config: ConnectorConfig,
  proxy: KubeProxy,
  logger: Logger,
  intervalMs?: number,
): CertificateFiles | undefined {
  const files = config.proxy.tlsFiles;
  if (!files) return undefined;
  return new CertificateFiles(files.certFile, files.keyFile).watch({
    intervalMs,
    ...serveRenewals(proxy, logger, { certFile: files.certFile }),
  });
}
