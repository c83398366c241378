import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.js';

describe('connector configuration', () => {
  let dir: string;
  let kubeconfig: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'connector-config-'));
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443", insecure-skip-tls-verify: true}}]',
        'users: [{name: u, user: {token: t}}]',
        'contexts: [{name: x, context: {cluster: c, user: u}}]',
        'current-context: x',
      ].join('\n'),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a complete configuration from the environment, flags winning', () => {
    const config = loadConfig(
      {
        INFRA_SERVER: 'infra.example:9090',
        INFRA_ACCESS_KEY: 'abc.def',
        INFRA_DESTINATION: 'production',
        INFRA_KUBECONFIG: kubeconfig,
      },
      ['--listen', '127.0.0.1:0', '--destination=staging', '--health-listen=off'],
    );
    assert.equal(config.server.address, 'infra.example:9090');
    assert.deepEqual(config.server.tls, { insecure: false, caPem: undefined, fingerprint: undefined });
    assert.equal(config.destination, 'staging');
    assert.deepEqual([config.proxy.host, config.proxy.port, config.proxy.tls], ['127.0.0.1', 0, undefined]);
    assert.equal(config.health, undefined);
    assert.equal(config.kube.getCurrentCluster()?.server, 'https://127.0.0.1:6443');
  });

  it('reads INFRA_LOG_LEVEL (info when unset) and refuses a level that is not one of the five', () => {
    const base = {
      INFRA_SERVER: 'infra.example:9090',
      INFRA_ACCESS_KEY: 'abc.def',
      INFRA_DESTINATION: 'production',
      INFRA_KUBECONFIG: kubeconfig,
    };
    assert.equal(loadConfig(base).logLevel, 'info');
    assert.equal(loadConfig({ ...base, INFRA_LOG_LEVEL: 'silent' }).logLevel, 'silent');
    assert.equal(loadConfig(base, ['--log-level', 'debug']).logLevel, 'debug');
    assert.throws(
      () => loadConfig({ ...base, INFRA_LOG_LEVEL: 'trace' }),
      /INFRA_LOG_LEVEL must be one of debug, info, warn, error, silent, got "trace"/,
    );
  });

  it('refuses the name reserved for Infra itself', () => {
    assert.throws(
      () =>
        loadConfig({
          INFRA_SERVER: 'infra.example:9090',
          INFRA_ACCESS_KEY: 'abc.def',
          INFRA_DESTINATION: 'infra',
          INFRA_KUBECONFIG: kubeconfig,
        }),
      /cannot be "infra"/,
    );
  });

  it('lists every problem at once and never echoes the access key', () => {
    let err: unknown;
    try {
      loadConfig({
        INFRA_ACCESS_KEY: 'not-a-key-secretvalue',
        INFRA_DESTINATION: 'Prod',
        INFRA_PROXY_TLS_CERT_FILE: join(dir, 'missing.pem'),
        INFRA_KUBECONFIG: kubeconfig,
      });
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof ConfigError);
    const text = err.problems.join('\n');
    assert.match(text, /INFRA_SERVER .* is required/);
    assert.match(text, /INFRA_ACCESS_KEY must look like/);
    assert.match(text, /INFRA_DESTINATION must be a lower-case DNS label/);
    assert.match(text, /cannot read .*missing\.pem/);
    assert.match(text, /set both or neither/);
    assert.doesNotMatch(err.message, /secretvalue/);
  });

  it('says why the cluster cannot be reached: no in-cluster service account, or a kubeconfig it cannot use', () => {
    const base = { INFRA_SERVER: 'infra.example:9090', INFRA_ACCESS_KEY: 'abc.def', INFRA_DESTINATION: 'prod' };
    assert.throws(
      () => loadConfig({ ...base, HOME: dir }),
      /cannot load the cluster configuration: no cluster configuration: set INFRA_KUBECONFIG or KUBECONFIG/,
    );
    assert.throws(
      () => loadConfig({ ...base, INFRA_KUBECONFIG: kubeconfig, INFRA_KUBE_CONTEXT: 'other' }),
      /INFRA_KUBECONFIG .*: context "other" is not in the kubeconfig's contexts/,
    );
  });

  it('reads INFRA_PROXY_CA_SECRET as namespace/name, and refuses it beside a TLS certificate file', () => {
    const base = {
      INFRA_SERVER: 'infra.example:9090',
      INFRA_ACCESS_KEY: 'abc.def',
      INFRA_DESTINATION: 'prod',
      INFRA_KUBECONFIG: kubeconfig,
    };
    assert.equal(loadConfig(base).proxy.caSecret, undefined);
    assert.deepEqual(loadConfig({ ...base, INFRA_PROXY_CA_SECRET: 'infra/infra-connector-proxy-ca' }).proxy.caSecret, {
      namespace: 'infra',
      name: 'infra-connector-proxy-ca',
    });
    assert.throws(
      () => loadConfig({ ...base, INFRA_PROXY_CA_SECRET: 'just-a-name' }),
      /INFRA_PROXY_CA_SECRET must be namespace\/name, got "just-a-name"/,
    );
    const cert = join(dir, 'cert.pem');
    writeFileSync(cert, 'pem');
    const files = { INFRA_PROXY_TLS_CERT_FILE: cert, INFRA_PROXY_TLS_KEY_FILE: cert };
    assert.throws(
      () => loadConfig({ ...base, ...files, INFRA_PROXY_CA_SECRET: 'infra/ca' }),
      /leave it out when INFRA_PROXY_TLS_CERT_FILE is set/,
    );
  });

  it('listens on IPv6 addresses given bare or in brackets', () => {
    const base = {
      INFRA_SERVER: 'infra.example:9090',
      INFRA_ACCESS_KEY: 'abc.def',
      INFRA_DESTINATION: 'prod',
      INFRA_KUBECONFIG: kubeconfig,
    };
    const bare = loadConfig({ ...base, INFRA_PROXY_LISTEN: ':::8443', INFRA_HEALTH_LISTEN: ':::8081' });
    assert.deepEqual(
      [bare.proxy.host, bare.proxy.port, bare.health?.host, bare.health?.port],
      ['::', 8443, '::', 8081],
    );
    const bracketed = loadConfig({ ...base, INFRA_PROXY_LISTEN: '[::1]:8443' });
    assert.deepEqual([bracketed.proxy.host, bracketed.proxy.port], ['::1', 8443]);
    assert.deepEqual([loadConfig(base).proxy.host, loadConfig(base).proxy.port], ['0.0.0.0', 8443]);
  });

  it('reads INFRA_METRICS_TOKEN, refuses one with spaces or without a health listener, never echoing it', () => {
    const base = {
      INFRA_SERVER: 'infra.example:9090',
      INFRA_ACCESS_KEY: 'abc.def',
      INFRA_DESTINATION: 'prod',
      INFRA_KUBECONFIG: kubeconfig,
    };
    assert.equal(loadConfig(base).metricsToken, undefined);
    assert.equal(loadConfig({ ...base, INFRA_METRICS_TOKEN: '' }).metricsToken, undefined, 'an empty Secret key');
    assert.equal(loadConfig({ ...base, INFRA_METRICS_TOKEN: ' tok3n\n' }).metricsToken, 'tok3n');
    assert.equal(loadConfig(base, ['--metrics-token', 'fl4g']).metricsToken, 'fl4g');
    const problems = (env: Record<string, string>): string => {
      try {
        loadConfig({ ...base, ...env });
      } catch (e) {
        assert.ok(e instanceof ConfigError);
        return e.message;
      }
      assert.fail('accepted');
    };
    const spaced = problems({ INFRA_METRICS_TOKEN: 'two secretwords' });
    assert.match(spaced, /INFRA_METRICS_TOKEN cannot hold spaces/);
    assert.doesNotMatch(spaced, /secretwords/);
    const off = problems({ INFRA_METRICS_TOKEN: 'secretword', INFRA_HEALTH_LISTEN: 'off' });
    assert.match(off, /INFRA_METRICS_TOKEN guards \/metrics on the health listener: leave it out/);
    assert.doesNotMatch(off, /secretword/);
  });

  it('reads the proxy CA rotation settings as durations, with defaults, and refuses an overlap past rotate-before', () => {
    const base = {
      INFRA_SERVER: 'infra.example:9090',
      INFRA_ACCESS_KEY: 'abc.def',
      INFRA_DESTINATION: 'prod',
      INFRA_KUBECONFIG: kubeconfig,
      INFRA_PROXY_CA_SECRET: 'infra/ca',
    };
    assert.deepEqual(loadConfig(base).proxy.ca, {
      lifetimeMs: 3650 * 86_400_000,
      rotateBeforeMs: undefined,
      overlapMs: 30 * 86_400_000,
      checkIntervalMs: 300_000,
    });
    const short = {
      ...base,
      INFRA_PROXY_CA_VALIDITY: '40s',
      INFRA_PROXY_CA_ROTATE_BEFORE: '25s',
      INFRA_PROXY_CA_OVERLAP: '10s',
      INFRA_PROXY_CA_CHECK_INTERVAL: '1s',
    };
    assert.deepEqual(loadConfig(short).proxy.ca, {
      lifetimeMs: 40_000,
      rotateBeforeMs: 25_000,
      overlapMs: 10_000,
      checkIntervalMs: 1000,
    });
    // The overlap must end before the CA does: equal is refused, a second less is fine.
    assert.throws(
      () => loadConfig({ ...short, INFRA_PROXY_CA_OVERLAP: '25s' }),
      /INFRA_PROXY_CA_OVERLAP must be shorter/,
    );
    assert.equal(loadConfig({ ...short, INFRA_PROXY_CA_OVERLAP: '24s' }).proxy.ca?.overlapMs, 24_000);
    // Default rotate-before is a fifth of the lifetime: 8s of 40s.
    const { INFRA_PROXY_CA_ROTATE_BEFORE: _r, ...fifth } = short;
    assert.throws(
      () => loadConfig({ ...fifth, INFRA_PROXY_CA_OVERLAP: '8s' }),
      /INFRA_PROXY_CA_OVERLAP must be shorter/,
    );
    assert.throws(
      () => loadConfig({ ...short, INFRA_PROXY_CA_ROTATE_BEFORE: '40s' }),
      /must be shorter than INFRA_PROXY_CA_VALIDITY/,
    );
    assert.throws(
      () => loadConfig({ ...base, INFRA_PROXY_CA_OVERLAP: '1 month' }),
      /INFRA_PROXY_CA_OVERLAP must be a positive duration/,
    );
    const { INFRA_PROXY_CA_SECRET: _s, ...unkept } = base;
    assert.throws(
      () => loadConfig({ ...unkept, INFRA_PROXY_CA_OVERLAP: '1d' }),
      /INFRA_PROXY_CA_OVERLAP rotates a kept CA/,
    );
  });
});
