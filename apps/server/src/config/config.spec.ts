import assert from 'node:assert/strict';
import { ConfigError, loadConfig, redactConfig } from './config.js';

describe('server configuration', () => {
  it('starts with zero configuration on the embedded database', () => {
    const config = loadConfig({});
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.httpPort, 8080);
    assert.equal(config.grpcPort, 8081);
    assert.equal(config.tls, 'auto');
    assert.equal(loadConfig({ INFRA_GRPC_PORT: 'off' }).grpcPort, undefined);
    assert.equal(config.tokenTtlSeconds, 300);
    assert.equal(config.dbPoolMax, 10);
  });

  it('binds loopback unless told otherwise', () => {
    assert.equal(loadConfig({}).httpHost, '127.0.0.1');
    assert.equal(loadConfig({ INFRA_HTTP_HOST: '0.0.0.0' }).httpHost, '0.0.0.0');
  });

  it('takes public REST and gRPC addresses as bare origins and refuses anything else', () => {
    const config = loadConfig({
      INFRA_PUBLIC_URL: 'https://infra.example.com/',
      INFRA_PUBLIC_GRPC_URL: 'https://grpc.infra.example.com:9443',
    });
    assert.equal(config.publicUrl, 'https://infra.example.com');
    assert.equal(config.publicGrpcUrl, 'https://grpc.infra.example.com:9443');
    assert.equal(loadConfig({}).publicUrl, undefined);
    for (const [raw, message] of [
      ['infra.example.com', /must be a URL/],
      ['ftp://infra.example.com', /https:\/\//],
      ['https://infra.example.com/api', /only scheme, host and port/],
      ['https://user@infra.example.com', /only scheme, host and port/],
    ] as const) {
      assert.throws(
        () => loadConfig({ INFRA_PUBLIC_GRPC_URL: raw }),
        (e: unknown) => {
          assert.ok(e instanceof ConfigError, String(e));
          assert.match(e.message, /INFRA_PUBLIC_GRPC_URL/);
          assert.match(e.message, message);
          return true;
        },
        raw,
      );
    }
  });

  it('reports every bad variable at once', () => {
    try {
      loadConfig({ INFRA_HTTP_PORT: 'eighty', INFRA_LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
      assert.fail('expected a ConfigError');
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      assert.equal(e.problems.length, 3);
      assert.match(e.message, /INFRA_HTTP_PORT/);
      assert.match(e.message, /INFRA_LOG_LEVEL/);
      assert.match(e.message, /DATABASE_URL/);
    }
  });

  it('never shows sensitive values when redacted', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:hunter2@db/infra',
      INFRA_ROOT_KEY: 'k'.repeat(40),
      INFRA_ADMIN_ACCESS_KEY: 'abc.0123456789abcdef',
    });
    const text = JSON.stringify(redactConfig(config));
    assert.doesNotMatch(text, /hunter2/);
    assert.doesNotMatch(text, /kkkk/);
    assert.doesNotMatch(text, /0123456789abcdef/);
    assert.match(text, /\[redacted\]/);
  });
});
