// Server configuration: every variable is declared once here with its description and whether it is
// sensitive. The environment is parsed once at start-up; every bad variable is reported at the same time.
import { resolve } from 'node:path';
import { parseDurationSeconds } from '@infra/access';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface ServerConfig {
  httpHost: string;
  httpPort: number;
  publicUrl: string | undefined;
  publicGrpcUrl: string | undefined;
  grpcPort: number | undefined;
  connectorHeartbeatSeconds: number;
  changeLogRetentionSeconds: number;
  changeLogPruneSeconds: number;
  proxyAuditRetentionSeconds: number;
  auditRetentionSeconds: number;
  signingKeyRotationSeconds: number;
  metricsToken: string | undefined;
  /** A plain-HTTP port serving only GET /metrics (the REST port then does not); undefined: /metrics is on REST. */
  metricsPort: number | undefined;
  databaseUrl: string | undefined;
  dataDir: string;
  dbPoolMax: number;
  rootKey: string | undefined;
  adminAccessKey: string | undefined;
  tokenTtlSeconds: number;
  sessionTtlSeconds: number;
  sessionInactivitySeconds: number;
  keyDefaultTtlSeconds: number;
  keyMaxTtlSeconds: number;
  logLevel: LogLevel;
  version: string;
  tls: 'auto' | 'off';
  tlsCertFile: string | undefined;
  tlsKeyFile: string | undefined;
  throttleWindowSeconds: number;
  loginPerAddress: number;
  loginPerName: number;
  credentialsPerAddress: number;
  credentialsPerUser: number;
  passwordChecksAtOnce: number;
  passwordChecksQueued: number;
  configFile: string | undefined;
  requestMaxDurationSeconds: number;
  requestPendingSeconds: number;
  /** Continuous verification: seconds between refreshes of each provider session (modules/providers). */
  providerSyncSeconds: number;
  /** Directory API hosts (national clouds differ; specs point them at local servers). */
  googleApiUrl: string;
  graphUrl: string;
  azureLoginUrl: string;
  pagerDutyUrl: string;
}

interface Variable<K extends keyof ServerConfig> {
  env: string;
  key: K;
  description: string;
  sensitive: boolean;
  parse(raw: string | undefined, env: Env): ServerConfig[K];
}

type Env = Readonly<Record<string, string | undefined>>;

class BadVariable extends Error {}

function integer(min: number, max: number, fallback: number) {
  return (raw: string | undefined): number => {
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new BadVariable(`must be an integer from ${min} to ${max}`);
    return n;
  };
}

/** Seconds, written as a duration (8h, 1h30m) or a plain number of seconds. */
function duration(min: number, max: number, fallback: number) {
  return (raw: string | undefined): number => {
    if (raw === undefined || raw === '') return fallback;
    const n = /^\d+$/.test(raw) ? Number(raw) : parseDurationSeconds(raw);
    if (n === undefined || n < min || n > max)
      throw new BadVariable(`must be a duration from ${min}s to ${max / 86400}d, like 8h`);
    return n;
  };
}

/** `value` as an http(s) URL, or a BadVariable that says which of the two it is not. */
function httpUrl(value: string, example: string): URL {
  if (!URL.canParse(value)) throw new BadVariable(`must be a URL such as ${example}`);
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new BadVariable('must be an https:// (or http://) URL');
  return url;
}

/** An API base URL without a trailing slash. */
function apiUrl(fallback: string) {
  return (raw: string | undefined): string => {
    const value = optionalString(raw) ?? fallback;
    httpUrl(value, fallback);
    return value.replace(/\/+$/, '');
  };
}

function optionalString(raw: string | undefined): string | undefined {
  return raw === undefined || raw === '' ? undefined : raw;
}

/** An origin-only http(s) URL (scheme, host, optional port), normalised without a trailing slash. */
function publicOrigin(raw: string | undefined): string | undefined {
  const value = optionalString(raw);
  if (value === undefined) return undefined;
  const url = httpUrl(value, 'https://infra.example.com');
  if (url.pathname !== '/' || url.search || url.hash || url.username) {
    throw new BadVariable('must be only scheme, host and port, e.g. https://infra.example.com:8443');
  }
  return url.origin;
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

// Declared as a tuple of variables so that descriptions and redaction come from one place.
const VARIABLES = [
  // Loopback unless told otherwise: a server on a laptop is not offered to the network by surprise (the chart
  // sets 0.0.0.0).
  {
    env: 'INFRA_HTTP_HOST',
    key: 'httpHost',
    description: 'address REST and gRPC bind (0.0.0.0 or :: for every interface)',
    sensitive: false,
    parse: (raw) => optionalString(raw) ?? '127.0.0.1',
  },
  {
    env: 'INFRA_PUBLIC_URL',
    key: 'publicUrl',
    sensitive: false,
    description:
      'the REST address users reach the server at (behind a load balancer); printed instead of the bound one',
    parse: publicOrigin,
  },
  {
    env: 'INFRA_PUBLIC_GRPC_URL',
    key: 'publicGrpcUrl',
    sensitive: false,
    description: 'the gRPC address connectors dial; `infra destinations add` puts it in the Helm command it prints',
    parse: publicOrigin,
  },
  {
    env: 'INFRA_HTTP_PORT',
    key: 'httpPort',
    description: 'HTTP port (0 picks a free one)',
    sensitive: false,
    parse: integer(0, 65535, 8080),
  },
  {
    env: 'INFRA_GRPC_PORT',
    key: 'grpcPort',
    description: 'gRPC port (0 picks a free one; off disables gRPC)',
    sensitive: false,
    parse: (raw) => (raw === 'off' ? undefined : integer(0, 65535, 8081)(raw)),
  },
  {
    env: 'INFRA_CONNECTOR_HEARTBEAT',
    key: 'connectorHeartbeatSeconds',
    description: 'seconds between heartbeats the server sends each connector',
    sensitive: false,
    parse: integer(1, 300, 10),
  },
  {
    env: 'INFRA_CHANGE_LOG_RETENTION',
    key: 'changeLogRetentionSeconds',
    description: 'seconds the change log keeps entries a connector may resume from (older ones: a fresh snapshot)',
    sensitive: false,
    parse: integer(60, 30 * 86400, 86400),
  },
  {
    env: 'INFRA_CHANGE_LOG_PRUNE_INTERVAL',
    key: 'changeLogPruneSeconds',
    description: 'seconds between prunes of the change log (every replica prunes; one at a time)',
    sensitive: false,
    parse: integer(1, 86400, 600),
  },
  {
    env: 'INFRA_PROXY_AUDIT_RETENTION',
    key: 'proxyAuditRetentionSeconds',
    description: 'how long proxied-request audit events are kept, like 90d (pruned with the change log)',
    sensitive: false,
    parse: duration(3600, 3650 * 86400, 90 * 86400),
  },
  {
    env: 'INFRA_AUDIT_RETENTION',
    key: 'auditRetentionSeconds',
    description:
      "how long admin audit events (changes, logins, tokens, requests) are kept, like 365d (pruned on the change log's interval)",
    sensitive: false,
    parse: duration(3600, 3650 * 86400, 365 * 86400),
  },
  {
    env: 'INFRA_SIGNING_KEY_ROTATION',
    key: 'signingKeyRotationSeconds',
    description: 'rotate the token signing key when it is this many seconds old (0: only by hand)',
    sensitive: false,
    parse: (raw) => {
      const n = integer(0, 3650 * 86400, 0)(raw);
      if (n !== 0 && n < 3600) throw new BadVariable('must be 0 (off) or at least 3600');
      return n;
    },
  },
  {
    env: 'INFRA_METRICS_TOKEN',
    key: 'metricsToken',
    description: 'bearer token that GET /metrics requires (unset: /metrics is off)',
    sensitive: true,
    parse: (raw) => {
      const token = optionalString(raw);
      if (token !== undefined && !/^[\x21-\x7e]{16,256}$/.test(token))
        throw new BadVariable('must be 16 to 256 printable characters');
      return token;
    },
  },
  {
    env: 'INFRA_METRICS_PORT',
    key: 'metricsPort',
    description:
      'plain-HTTP port (on INFRA_HTTP_HOST) serving only GET /metrics, which the REST port then no longer serves; INFRA_METRICS_TOKEN still applies when set',
    sensitive: false,
    parse: (raw) => (optionalString(raw) === undefined ? undefined : integer(0, 65535, 0)(raw)),
  },
  {
    env: 'DATABASE_URL',
    key: 'databaseUrl',
    description: 'Postgres URL; unset starts the embedded PGlite',
    sensitive: true,
    parse: (raw) => {
      const url = optionalString(raw);
      if (url !== undefined && !/^postgres(ql)?:\/\//.test(url)) throw new BadVariable('must be a postgres:// URL');
      return url;
    },
  },
  {
    env: 'INFRA_DATA_DIR',
    key: 'dataDir',
    description: 'directory for the embedded database and the root key',
    sensitive: false,
    parse: (raw) => resolve(optionalString(raw) ?? '.infra-data'),
  },
  {
    env: 'INFRA_DB_POOL_MAX',
    key: 'dbPoolMax',
    description: 'Postgres connections; the embedded database uses one',
    sensitive: false,
    parse: integer(1, 100, 10),
  },
  {
    env: 'INFRA_ROOT_KEY',
    key: 'rootKey',
    description: 'key that encrypts secrets at rest; unset uses <data dir>/root.key',
    sensitive: true,
    parse: (raw) => {
      const key = optionalString(raw);
      if (key !== undefined && key.length < 32) throw new BadVariable('must be at least 32 characters');
      return key;
    },
  },
  {
    env: 'INFRA_ADMIN_ACCESS_KEY',
    key: 'adminAccessKey',
    description: 'access key given to the bootstrap admin',
    sensitive: true,
    parse: (raw) => {
      const key = optionalString(raw);
      if (key !== undefined && !/^[A-Za-z0-9]{1,32}\.[A-Za-z0-9]{16,128}$/.test(key)) {
        throw new BadVariable('must look like <id>.<secret> (letters and digits, secret at least 16)');
      }
      return key;
    },
  },
  {
    env: 'INFRA_TOKEN_TTL',
    key: 'tokenTtlSeconds',
    description: 'lifetime of issued tokens, in seconds',
    sensitive: false,
    parse: integer(10, 86400, 300),
  },
  {
    env: 'INFRA_SESSION_TTL',
    key: 'sessionTtlSeconds',
    description: 'lifetime of login sessions, in seconds',
    sensitive: false,
    parse: integer(60, 30 * 86400, 12 * 3600),
  },
  {
    env: 'INFRA_SESSION_INACTIVITY',
    key: 'sessionInactivitySeconds',
    description: 'a session unused this long ends, in seconds',
    sensitive: false,
    parse: integer(60, 30 * 86400, 3 * 3600),
  },
  {
    env: 'INFRA_KEY_DEFAULT_TTL',
    key: 'keyDefaultTtlSeconds',
    description: 'lifetime of an access key created without one, in seconds (at most INFRA_KEY_MAX_TTL)',
    sensitive: false,
    parse: integer(60, 10 * 365 * 86400, 90 * 86400),
  },
  {
    env: 'INFRA_KEY_MAX_TTL',
    key: 'keyMaxTtlSeconds',
    description: 'longest lifetime an access key may be given, in seconds (connector keys are exempt)',
    sensitive: false,
    parse: integer(60, 10 * 365 * 86400, 365 * 86400),
  },
  {
    env: 'INFRA_LOG_LEVEL',
    key: 'logLevel',
    description: 'debug, info, warn, error or silent',
    sensitive: false,
    parse: (raw) => {
      const level = (optionalString(raw) ?? 'info') as LogLevel;
      if (!LOG_LEVELS.includes(level)) throw new BadVariable(`must be one of ${LOG_LEVELS.join(', ')}`);
      return level;
    },
  },
  {
    env: 'INFRA_VERSION',
    key: 'version',
    description: 'version reported by /api/version',
    sensitive: false,
    parse: (raw) => optionalString(raw) ?? '0.1.0',
  },
  {
    env: 'INFRA_TLS',
    key: 'tls',
    description: 'auto: serve TLS (given or self-signed certificate); off: plain HTTP',
    sensitive: false,
    parse: (raw) => {
      const mode = optionalString(raw) ?? 'auto';
      if (mode !== 'auto' && mode !== 'off') throw new BadVariable('must be auto or off');
      return mode;
    },
  },
  {
    env: 'INFRA_TLS_CERT',
    key: 'tlsCertFile',
    description: 'PEM certificate (chain) file; with INFRA_TLS_KEY',
    sensitive: false,
    parse: (raw, env) => {
      const file = optionalString(raw);
      if ((file === undefined) !== (optionalString(env.INFRA_TLS_KEY) === undefined)) {
        throw new BadVariable('and INFRA_TLS_KEY must be given together');
      }
      return file === undefined ? undefined : resolve(file);
    },
  },
  {
    env: 'INFRA_TLS_KEY',
    key: 'tlsKeyFile',
    description: 'PEM private key file for INFRA_TLS_CERT',
    sensitive: false,
    parse: (raw) => (optionalString(raw) === undefined ? undefined : resolve(raw!)),
  },
  {
    env: 'INFRA_THROTTLE_WINDOW',
    key: 'throttleWindowSeconds',
    description: 'seconds over which the login, key and token limits below count attempts',
    sensitive: false,
    parse: integer(1, 3600, 60),
  },
  {
    env: 'INFRA_LOGIN_PER_ADDRESS',
    key: 'loginPerAddress',
    description: 'logins one client address may attempt per throttle window (more get 429 with Retry-After)',
    sensitive: false,
    parse: integer(1, 1_000_000, 100),
  },
  {
    env: 'INFRA_LOGIN_PER_NAME',
    key: 'loginPerName',
    description: 'logins that may be attempted for one user name per throttle window, from any address',
    sensitive: false,
    parse: integer(1, 1_000_000, 20),
  },
  {
    env: 'INFRA_CREDENTIALS_PER_ADDRESS',
    key: 'credentialsPerAddress',
    description: 'key creations and token requests one client address may make per throttle window',
    sensitive: false,
    parse: integer(1, 1_000_000, 600),
  },
  {
    env: 'INFRA_CREDENTIALS_PER_USER',
    key: 'credentialsPerUser',
    description: 'key creations and token requests one user may make per throttle window',
    sensitive: false,
    parse: integer(1, 1_000_000, 120),
  },
  {
    env: 'INFRA_PASSWORD_CHECKS_AT_ONCE',
    key: 'passwordChecksAtOnce',
    description: 'passwords hashed at the same time (each scrypt takes 128 MiB and a thread-pool thread)',
    sensitive: false,
    parse: integer(1, 64, 2),
  },
  {
    env: 'INFRA_PASSWORD_CHECKS_QUEUED',
    key: 'passwordChecksQueued',
    description: 'passwords waiting to be hashed; beyond this a login gets 429 instead of piling up',
    sensitive: false,
    parse: integer(0, 10_000, 16),
  },
  {
    env: 'INFRA_CONFIG_FILE',
    key: 'configFile',
    sensitive: false,
    description:
      'users, groups and grants to hold (the `infra apply` format), applied at start-up and on SIGHUP; also --config-file',
    parse: (raw) => (optionalString(raw) === undefined ? undefined : resolve(raw!)),
  },
  {
    env: 'INFRA_REQUEST_MAX_DURATION',
    key: 'requestMaxDurationSeconds',
    description:
      'longest grant an approved access request makes (30m, 8h, 1d, or seconds); longer requests are cut to it',
    sensitive: false,
    parse: duration(60, 365 * 86400, 8 * 3600),
  },
  {
    env: 'INFRA_REQUEST_PENDING_TTL',
    key: 'requestPendingSeconds',
    description: 'an access request nobody decides within this long expires (30m, 1d, or seconds)',
    sensitive: false,
    parse: duration(60, 365 * 86400, 86400),
  },
  {
    env: 'INFRA_PROVIDER_SYNC_INTERVAL',
    key: 'providerSyncSeconds',
    description: 'how often each identity provider session is refreshed and its groups synced (5m, 1h, or seconds)',
    sensitive: false,
    parse: duration(1, 86400, 300),
  },
  {
    env: 'INFRA_GOOGLE_API_URL',
    key: 'googleApiUrl',
    sensitive: false,
    description: "Google's Admin SDK host, asked for a user's groups (Google providers)",
    parse: apiUrl('https://admin.googleapis.com'),
  },
  {
    env: 'INFRA_GRAPH_URL',
    key: 'graphUrl',
    sensitive: false,
    description: "Microsoft Graph host, asked for a user's groups (Azure providers; differs in national clouds)",
    parse: apiUrl('https://graph.microsoft.com'),
  },
  {
    env: 'INFRA_AZURE_LOGIN_URL',
    key: 'azureLoginUrl',
    sensitive: false,
    description: 'Microsoft Entra ID login host that issues Graph tokens (differs in national clouds)',
    parse: apiUrl('https://login.microsoftonline.com'),
  },
  {
    env: 'INFRA_PAGERDUTY_URL',
    key: 'pagerDutyUrl',
    sensitive: false,
    description: "PagerDuty's REST API, asked who is on call when an access request arrives",
    parse: apiUrl('https://api.pagerduty.com'),
  },
] as const satisfies readonly Variable<keyof ServerConfig>[];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(env: Env): ServerConfig {
  const out: Partial<Record<keyof ServerConfig, unknown>> = {};
  const problems: string[] = [];
  for (const v of VARIABLES as readonly Variable<keyof ServerConfig>[]) {
    try {
      out[v.key] = v.parse(env[v.env], env);
    } catch (e) {
      if (!(e instanceof BadVariable)) throw e;
      problems.push(`${v.env} ${e.message}`);
    }
  }
  if ((out.keyDefaultTtlSeconds as number) > (out.keyMaxTtlSeconds as number)) {
    problems.push('INFRA_KEY_DEFAULT_TTL must not exceed INFRA_KEY_MAX_TTL');
  }
  if (problems.length) throw new ConfigError(problems);
  return out as ServerConfig;
}

/** The configuration with sensitive values replaced, fit for a log line. */
export function redactConfig(config: ServerConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const v of VARIABLES as readonly Variable<keyof ServerConfig>[]) {
    const value = config[v.key];
    out[v.env] = v.sensitive && value !== undefined ? '[redacted]' : value;
  }
  return out;
}

export const SERVER_CONFIG = Symbol('SERVER_CONFIG');
