// The connector's configuration, read once from environment variables (or the equivalent --flags) and checked in
// one place: every problem is reported at once, and sensitive values are never echoed.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { durationSeconds, INFRA_RESOURCE, isValidName } from '@infra/access';
import { isLogLevel, LOG_LEVELS, type LogLevel } from '@infra/access/log';
import { loadKubeConfig, type KubeConfig } from './kube/kube-config.js';
import { parseSecretRef, type SecretRef } from './kube/proxy-ca-secret.js';
import type { ServerTrust } from './stream/server-credentials.js';

/** Everything startConnector needs, already resolved (files read, kubeconfig loaded). */
export interface ConnectorConfig {
  server: {
    address: string; // host:port of the server's gRPC listener
    tls: ServerTrust;
  };
  accessKey: string;
  destination: string;
  proxy: {
    host: string;
    port: number;
    publicUrl?: string; // what kubeconfig should use; defaults to the listen address
    tls?: { certPem: string; keyPem: string; caPem: string }; // generated when absent
    /** Where tls came from: read again when they change (cert-manager renewals). */
    tlsFiles?: { certFile: string; keyFile: string };
    /** Where the generated CA is kept (INFRA_PROXY_CA_SECRET); absent: a new CA at every start. */
    caSecret?: SecretRef;
    /** The generated CA's lifetime and, with caSecret, its rotation; absent: the defaults. */
    ca?: ProxyCaSettings;
  };
  /** Plain-HTTP /healthz and /readyz listener; absent: none. */
  health?: { host: string; port: number };
  /** The bearer token /metrics (on the health listener) asks for; absent: /metrics is open to whoever reaches it. */
  metricsToken?: string;
  /** The cluster's API server and the connector's credentials there (see kube/README.md for the sources). */
  kube: KubeConfig;
  resyncIntervalMs: number;
  heartbeatMs: number;
  logLevel?: LogLevel; // info when absent
}

export interface ProxyCaSettings {
  lifetimeMs: number; // of a CA the connector makes
  rotateBeforeMs?: number; // absent: a fifth of the current CA's lifetime
  overlapMs: number;
  checkIntervalMs: number;
}

interface Setting {
  env: string;
  flag: string;
  description: string;
  sensitive?: boolean;
}

export const SETTINGS = {
  server: {
    env: 'INFRA_SERVER',
    flag: 'server',
    description: 'host:port of the Infra server gRPC listener (required)',
  },
  serverInsecure: {
    env: 'INFRA_SERVER_INSECURE',
    flag: 'server-insecure',
    description: '"true" to dial the server without TLS (development only)',
  },
  serverFingerprint: {
    env: 'INFRA_SERVER_FINGERPRINT',
    flag: 'server-fingerprint',
    description: "SHA-256 fingerprint of the server's (self-signed) certificate to pin, as the CLI shows it",
  },
  serverCaFile: {
    env: 'INFRA_SERVER_CA_FILE',
    flag: 'server-ca-file',
    description: 'PEM file of the CA that signed the server certificate (default: system roots)',
  },
  accessKey: {
    env: 'INFRA_ACCESS_KEY',
    flag: 'access-key',
    description: "the connector's access key (required unless INFRA_ACCESS_KEY_FILE)",
    sensitive: true,
  },
  accessKeyFile: { env: 'INFRA_ACCESS_KEY_FILE', flag: 'access-key-file', description: 'file holding the access key' },
  destination: {
    env: 'INFRA_DESTINATION',
    flag: 'destination',
    description: 'name of this cluster in Infra, a DNS label (required)',
  },
  listen: {
    env: 'INFRA_PROXY_LISTEN',
    flag: 'listen',
    description: 'host:port the kubectl proxy listens on (default 0.0.0.0:8443; IPv6 as :::8443 or [::]:8443)',
  },
  health: {
    env: 'INFRA_HEALTH_LISTEN',
    flag: 'health-listen',
    description: 'host:port for /healthz and /readyz over plain HTTP (default 0.0.0.0:8081; "off" for none)',
  },
  metricsToken: {
    env: 'INFRA_METRICS_TOKEN',
    flag: 'metrics-token',
    description: '/metrics on the health listener then needs "Authorization: Bearer <token>" (default: no token)',
    sensitive: true,
  },
  publicUrl: {
    env: 'INFRA_PROXY_PUBLIC_URL',
    flag: 'public-url',
    description: 'https URL users reach the proxy at (default: from the listen address)',
  },
  tlsCertFile: {
    env: 'INFRA_PROXY_TLS_CERT_FILE',
    flag: 'tls-cert-file',
    description: 'PEM certificate for the proxy (default: generated)',
  },
  tlsKeyFile: {
    env: 'INFRA_PROXY_TLS_KEY_FILE',
    flag: 'tls-key-file',
    description: 'PEM private key for the proxy',
    sensitive: true,
  },
  tlsCaFile: {
    env: 'INFRA_PROXY_TLS_CA_FILE',
    flag: 'tls-ca-file',
    description: 'PEM CA that kubeconfig should trust for the proxy (default: the certificate itself)',
  },
  proxyCaSecret: {
    env: 'INFRA_PROXY_CA_SECRET',
    flag: 'proxy-ca-secret',
    description:
      'namespace/name of a Secret that keeps the generated proxy CA across restarts and replicas (created when missing)',
  },
  proxyCaValidity: {
    env: 'INFRA_PROXY_CA_VALIDITY',
    flag: 'proxy-ca-validity',
    description: 'lifetime of a proxy CA the connector makes, a duration such as 3650d (the default)',
  },
  proxyCaRotateBefore: {
    env: 'INFRA_PROXY_CA_ROTATE_BEFORE',
    flag: 'proxy-ca-rotate-before',
    description: "start a rotation when the kept CA has this long left (default: a fifth of the CA's lifetime)",
  },
  proxyCaOverlap: {
    env: 'INFRA_PROXY_CA_OVERLAP',
    flag: 'proxy-ca-overlap',
    description: 'how long a new proxy CA is trusted before it signs (default 30d)',
  },
  proxyCaCheckInterval: {
    env: 'INFRA_PROXY_CA_CHECK_INTERVAL',
    flag: 'proxy-ca-check-interval',
    description: 'how often the kept CA Secret is read again (default 5m)',
  },
  kubeconfig: {
    env: 'INFRA_KUBECONFIG',
    flag: 'kubeconfig',
    description:
      'kubeconfig file for the cluster API (default: $KUBECONFIG, else the in-cluster service account, else ~/.kube/config)',
  },
  serviceAccountDir: {
    env: 'INFRA_SERVICE_ACCOUNT_DIR',
    flag: 'service-account-dir',
    description:
      "where the pod's service account (token, ca.crt) is mounted (default /var/run/secrets/kubernetes.io/serviceaccount)",
  },
  kubeContext: {
    env: 'INFRA_KUBE_CONTEXT',
    flag: 'kube-context',
    description: 'context in that kubeconfig (default: its current context)',
  },
  resyncSeconds: {
    env: 'INFRA_RESYNC_SECONDS',
    flag: 'resync-seconds',
    description: 'full RBAC resync interval (default 300)',
  },
  logLevel: { env: 'INFRA_LOG_LEVEL', flag: 'log-level', description: `${LOG_LEVELS.join(', ')} (default info)` },
} satisfies Record<string, Setting>;

type Key = keyof typeof SETTINGS;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid connector configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the configuration from flags (which win) and environment variables; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv, argv: string[] = []): ConnectorConfig {
  const options = Object.fromEntries(Object.values(SETTINGS).map((s) => [s.flag, { type: 'string' as const }]));
  const { values: flags } = parseArgs({ args: argv, options, strict: false });
  const raw = (k: Key): string | undefined => {
    const v = flags[SETTINGS[k].flag] ?? env[SETTINGS[k].env];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const problems: string[] = [];
  const need = (k: Key): string => {
    const v = raw(k);
    if (v === undefined)
      problems.push(`${SETTINGS[k].env} (--${SETTINGS[k].flag}) is required: ${SETTINGS[k].description}`);
    return v ?? '';
  };
  const file = (k: Key): string | undefined => {
    const path = raw(k);
    if (!path) return undefined;
    try {
      return readFileSync(path, 'utf8');
    } catch (e) {
      problems.push(`${SETTINGS[k].env}: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
      return undefined;
    }
  };

  const server = need('server');
  if (server && !/^[^\s:/]+:\d+$/.test(server) && !/^\[[0-9a-f:]+\]:\d+$/i.test(server))
    problems.push(`INFRA_SERVER must be host:port, got "${server}"`);
  const insecure = raw('serverInsecure') === 'true';
  const serverCa = file('serverCaFile');
  const fingerprint = raw('serverFingerprint');
  if (fingerprint && !/^([0-9a-f]{2}:?){32}$/i.test(fingerprint))
    problems.push('INFRA_SERVER_FINGERPRINT must be a SHA-256 fingerprint (64 hex digits, colons allowed)');

  const accessKey = raw('accessKey') ?? file('accessKeyFile')?.trim();
  if (!accessKey)
    problems.push('INFRA_ACCESS_KEY or INFRA_ACCESS_KEY_FILE is required: the access key created with the destination');
  else if (!/^[^.\s]+\.[^.\s]+$/.test(accessKey)) problems.push('INFRA_ACCESS_KEY must look like <id>.<secret>');

  const destination = need('destination');
  if (destination && !isValidName(destination))
    problems.push(`INFRA_DESTINATION must be a lower-case DNS label, got "${destination}"`);
  if (destination === INFRA_RESOURCE)
    problems.push(`INFRA_DESTINATION cannot be "${INFRA_RESOURCE}": that name stands for Infra itself`);

  const hostPort = (k: Key, fallback: string): { host: string; port: number } | undefined => {
    const v = raw(k) ?? fallback;
    const m = /^(.*):(\d+)$/.exec(v);
    if (!m || Number(m[2]) > 65535) {
      problems.push(`${SETTINGS[k].env} must be host:port, got "${v}"`);
      return undefined;
    }
    return { host: m[1].replace(/^\[(.*)\]$/, '$1') || '0.0.0.0', port: Number(m[2]) }; // [::1]:8443 or :::8443
  };
  const listen = hostPort('listen', '0.0.0.0:8443');
  const health = raw('health') === 'off' ? undefined : hostPort('health', '0.0.0.0:8081');
  const metricsToken = raw('metricsToken');
  // Never echo the token: a problem names the variable only.
  if (metricsToken && /\s/.test(metricsToken))
    problems.push('INFRA_METRICS_TOKEN cannot hold spaces: a scraper sends it as one "Authorization: Bearer" word');
  if (metricsToken && raw('health') === 'off')
    problems.push(
      'INFRA_METRICS_TOKEN guards /metrics on the health listener: leave it out with INFRA_HEALTH_LISTEN=off',
    );

  const publicUrl = raw('publicUrl');
  if (publicUrl && !/^https:\/\/[^/\s]+/.test(publicUrl))
    problems.push(`INFRA_PROXY_PUBLIC_URL must be an https URL, got "${publicUrl}"`);

  const certPem = file('tlsCertFile');
  const keyPem = file('tlsKeyFile');
  if ((raw('tlsCertFile') === undefined) !== (raw('tlsKeyFile') === undefined)) {
    problems.push('INFRA_PROXY_TLS_CERT_FILE and INFRA_PROXY_TLS_KEY_FILE go together: set both or neither');
  }
  const caPem = file('tlsCaFile') ?? certPem;
  const caSecretValue = raw('proxyCaSecret');
  const caSecret = caSecretValue ? parseSecretRef(caSecretValue) : undefined;
  if (caSecretValue && !caSecret) problems.push(`INFRA_PROXY_CA_SECRET must be namespace/name, got "${caSecretValue}"`);
  if (caSecretValue && raw('tlsCertFile'))
    problems.push('INFRA_PROXY_CA_SECRET keeps a generated CA: leave it out when INFRA_PROXY_TLS_CERT_FILE is set');

  const ca = proxyCaSettings(raw, problems, Boolean(caSecret));

  const resync = Number(raw('resyncSeconds') ?? '300');
  if (!Number.isFinite(resync) || resync < 5)
    problems.push('INFRA_RESYNC_SECONDS must be a number of seconds, at least 5');
  const logLevel = raw('logLevel') ?? 'info';
  if (!isLogLevel(logLevel))
    problems.push(`INFRA_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);

  let kube: KubeConfig | undefined;
  try {
    kube = loadKubeConfig({
      kubeconfigPath: raw('kubeconfig'),
      context: raw('kubeContext'),
      env,
      serviceAccountDir: raw('serviceAccountDir'),
    }).kc;
  } catch (e) {
    problems.push(`cannot load the cluster configuration: ${(e as Error).message}`);
  }

  if (problems.length > 0 || !kube || !listen) throw new ConfigError(problems);
  return {
    server: { address: server, tls: insecure ? { insecure: true } : { insecure: false, caPem: serverCa, fingerprint } },
    accessKey: accessKey ?? '',
    destination,
    proxy: {
      ...listen,
      publicUrl,
      tls: certPem && keyPem && caPem ? { certPem, keyPem, caPem } : undefined,
      caSecret,
      ca,
      tlsFiles: certPem && keyPem ? { certFile: raw('tlsCertFile')!, keyFile: raw('tlsKeyFile')! } : undefined,
    },
    health,
    metricsToken,
    kube,
    resyncIntervalMs: resync * 1000,
    heartbeatMs: 10_000,
    logLevel: logLevel as LogLevel,
  };
}

/** The CA's lifetime and rotation settings; rotation ones only make sense with a kept CA. */
function proxyCaSettings(raw: (k: Key) => string | undefined, problems: string[], kept: boolean): ProxyCaSettings {
  const ms = (k: Key, fallback: string): number => {
    const seconds = durationSeconds(raw(k) ?? fallback);
    if (!seconds) problems.push(`${SETTINGS[k].env} must be a positive duration such as 30d, 12h or 90s`);
    return (seconds ?? 0) * 1000;
  };
  const rotation: Key[] = ['proxyCaRotateBefore', 'proxyCaOverlap', 'proxyCaCheckInterval'];
  for (const k of rotation)
    if (!kept && raw(k)) problems.push(`${SETTINGS[k].env} rotates a kept CA: it needs INFRA_PROXY_CA_SECRET`);
  const lifetimeMs = ms('proxyCaValidity', '3650d');
  const rotateBeforeMs = raw('proxyCaRotateBefore') ? ms('proxyCaRotateBefore', '') : undefined;
  const overlapMs = ms('proxyCaOverlap', '30d');
  const checkIntervalMs = ms('proxyCaCheckInterval', '5m');
  const before = rotateBeforeMs ?? lifetimeMs / 5;
  if (rotateBeforeMs !== undefined && rotateBeforeMs >= lifetimeMs)
    problems.push(
      'INFRA_PROXY_CA_ROTATE_BEFORE must be shorter than INFRA_PROXY_CA_VALIDITY: a new CA would rotate at once',
    );
  if (overlapMs >= before)
    problems.push(
      'INFRA_PROXY_CA_OVERLAP must be shorter than INFRA_PROXY_CA_ROTATE_BEFORE (default a fifth of INFRA_PROXY_CA_VALIDITY): the CA would expire before the next one signs',
    );
  return { lifetimeMs, rotateBeforeMs, overlapMs, checkIntervalMs };
}
