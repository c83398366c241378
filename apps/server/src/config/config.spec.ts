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
