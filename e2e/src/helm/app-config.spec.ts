// Each chart's environment, handed to its app's own configuration parser: the charts and the apps agree on
// names and formats.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { useHelm } from './helm.js';
import { container, ofKind, only, type KubeObject } from './objects.js';

interface ConnectorConfig {
  server: { address: string; tls: { insecure: boolean; fingerprint?: string } };
  accessKey: string;
  destination: string;
  proxy: { host: string; port: number; publicUrl?: string };
  health?: { host: string; port: number };
  metricsToken?: string;
}

interface ServerConfig {
  httpHost: string;
  publicUrl?: string;
  publicGrpcUrl?: string;
  httpPort: number;
  grpcPort: number | undefined;
  databaseUrl: string | undefined;
  rootKey: string | undefined;
  adminAccessKey: string | undefined;
  version: string;
  tls?: 'auto' | 'off';
  tlsCertFile?: string;
}

type LoadConfig<T> = (env: Record<string, string | undefined>) => T;

/** The app's own loadConfig. The specifier is a parameter so that
 * TypeScript does not need the module at compile time. */
async function appLoadConfig<T>(specifier: string): Promise<LoadConfig<T>> {
  const mod = (await import(specifier)) as { loadConfig?: LoadConfig<T> };
  if (!mod.loadConfig) throw new Error(`${specifier} exports no loadConfig`);
  return mod.loadConfig;
}

/** The container's environment as the kubelet would give it: secret references resolved from the rendered Secrets. */
function resolvedEnv(objects: KubeObject[]): Record<string, string> {
  const secrets = ofKind(objects, 'Secret');
  const out: Record<string, string> = {};
  for (const e of container(only(objects, 'Deployment')).env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    if (!ref) {
      out[e.name] = e.value ?? '';
      continue;
    }
    const secret = secrets.find((s) => s.metadata.name === ref.name);
    assert.ok(secret, `${e.name} refers to Secret ${ref.name}, which the chart does not render`);
    out[e.name] = Buffer.from(secret.data[ref.key], 'base64').toString();
  }
  return out;
}

describe('the connector chart and the connector configuration', function () {
  this.timeout(60_000);
  const helm = useHelm('v35');
  let loadConfig: LoadConfig<ConnectorConfig>;
  let dir: string;
  let kubeconfig: string;

  before(async function () {
    loadConfig = await appLoadConfig<ConnectorConfig>('@infra/connector');
    dir = mkdtempSync(join(tmpdir(), 'infra-connector-config-'));
    // Stands in for the in-cluster service account, which a test process does not have.
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:6443' } }],
        users: [{ name: 'u', user: { token: 'connector' } }],
        contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'c',
      }),
    );
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const parse = (values: object): ConnectorConfig => {
    const env = resolvedEnv(helm().render('connector', { values }));
    return loadConfig({ ...env, INFRA_KUBECONFIG: kubeconfig });
  };

  it('accepts what the chart sets for an https server', () => {
    const fingerprint = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0').toUpperCase()).join(':');
    const config = parse({
      destination: 'production',
      server: { url: 'https://grpc.infra.example.com', tlsFingerprint: fingerprint },
      proxy: { port: 9443, publicUrl: 'https://prod.example.com' },
    });
    assert.equal(config.server.address, 'grpc.infra.example.com:443');
    assert.equal(config.server.tls.insecure, false);
    assert.equal(config.server.tls.fingerprint, fingerprint);
    assert.equal(config.accessKey, '0123456789.abcdefghijklmnopqrstuvwxyz');
    assert.equal(config.destination, 'production');
    assert.equal(config.proxy.port, 9443);
    assert.equal(config.proxy.publicUrl, 'https://prod.example.com');
    assert.deepEqual(config.health, { host: '0.0.0.0', port: 8081 });
  });

  it('reads the metrics token from the Secret key metrics.tokenSecret names', () => {
    const tokenSecret = { name: 'infra-connector-metrics', key: 'scrape-token' };
    const objects = helm().render('connector', { values: { metrics: { tokenSecret } } });
    // The user's Secret, as the kubelet would read it (the chart only refers to it).
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: tokenSecret.name },
      data: { [tokenSecret.key]: Buffer.from('0123abcd\n').toString('base64') },
    };
    const config = loadConfig({ ...resolvedEnv([...objects, secret]), INFRA_KUBECONFIG: kubeconfig });
    assert.equal(config.metricsToken, '0123abcd', 'the trailing newline of a file-made Secret trimmed');
    assert.equal(parse({}).metricsToken, undefined);
  });

  it('accepts what the chart sets for an http:// development server', () => {
    const config = parse({ server: { url: 'http://infra-server.infra:9090' } });
    assert.equal(config.server.address, 'infra-server.infra:9090');
    assert.equal(config.server.tls.insecure, true);
    assert.equal(config.destination, 'infra-connector', 'the release name');
  });
});

describe('the server chart and the server configuration', function () {
  this.timeout(60_000);
  const helm = useHelm('v35');
  let loadConfig: LoadConfig<ServerConfig>;
  before(async function () {
    loadConfig = await appLoadConfig<ServerConfig>('@infra/server');
  });

  it('accepts what the chart sets', () => {
    const adminAccessKey = { value: 'admin01.0123456789abcdef0123' };
    const env = resolvedEnv(helm().render('server', { values: { adminAccessKey } }));
    const config = loadConfig(env);
    assert.equal(config.databaseUrl, 'postgres://infra:secret@postgres.example.com:5432/infra');
    assert.equal(config.rootKey, '0123456789abcdef0123456789abcdef');
    assert.equal(config.adminAccessKey, adminAccessKey.value);
    assert.equal(config.httpPort, 8080);
    assert.equal(config.grpcPort, 9090);
    assert.equal(config.version, '0.1.0');
    assert.equal(config.tls, 'auto');
    assert.equal(config.tlsCertFile, '/etc/infra/tls/tls.crt');
    assert.equal(config.httpHost, '0.0.0.0', 'in a pod the server must bind beyond loopback');
  });

  it('accepts the public addresses and the IPv6 bind the chart sets', () => {
    const values = {
      listenHost: '::',
      publicUrl: 'https://infra.example.com',
      publicGrpcUrl: 'https://grpc.infra.example.com:443',
    };
    const config = loadConfig(resolvedEnv(helm().render('server', { values })));
    assert.equal(config.httpHost, '::');
    assert.equal(config.publicUrl, 'https://infra.example.com');
    assert.equal(config.publicGrpcUrl, 'https://grpc.infra.example.com');
  });
});
