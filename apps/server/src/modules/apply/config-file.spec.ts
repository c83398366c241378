import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../config/config.js';
import { TestClient } from '../../testing/test-client.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';

describe('the server --config-file (INFRA_CONFIG_FILE)', function () {
  this.timeout(120_000);
  let dir: string;
  let server: TestServer | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'infra-config-file-'));
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const names = async (admin: TestClient) =>
    (await admin.get<{ items: { name: string }[] }>('/api/users')).body.items
      .map((u) => u.name)
      .filter((n) => n.endsWith('@example.com'))
      .sort();

  it('is applied at start-up and on reload, and leaves what infra apply made alone', async () => {
    const file = join(dir, 'infra.yaml');
    writeFileSync(join(dir, 'okta.secret'), 'not used here\n');
    writeFileSync(
      file,
      'users: [boot@example.com, gone@example.com]\ngrants:\n  - {user: boot@example.com, role: view, resource: prod}\n',
    );
    server = await startTestServer({ env: { INFRA_CONFIG_FILE: file } });
    const admin = new TestClient(server.url, server.adminKey);
    assert.deepEqual(await names(admin), ['boot@example.com', 'gone@example.com']);
    // infra apply owns its own objects: the config file does not remove them, nor they its.
    const viaApi = await admin.post('/api/apply', { document: 'users: [cli@example.com]\n' });
    assert.deepEqual(viaApi.body.diff, ['+ user cli@example.com']);

    writeFileSync(file, 'users: [boot@example.com]\n');
    await server.running().reloadConfigFile();
    assert.deepEqual(await names(admin), ['boot@example.com', 'cli@example.com']);
    const grants = await admin.get<{ items: unknown[] }>('/api/grants?user=boot@example.com');
    assert.equal(grants.body.items.length, 0, 'the grant the file dropped is gone');

    // A reload of a file with a problem changes nothing (and is logged); the server goes on.
    writeFileSync(file, 'users: []\ngrants:\n  - {user: boot@example.com, role: veiw, resource: prod}\n');
    await server.running().reloadConfigFile();
    assert.deepEqual(await names(admin), ['boot@example.com', 'cli@example.com']);
  });

  it('stops the start-up with every problem of the file, each with its line', async () => {
    const file = join(dir, 'infra.yaml');
    writeFileSync(file, 'users:\n  - ok@example.com\n  - Not A Name\n');
    await assert.rejects(startTestServer({ env: { INFRA_CONFIG_FILE: file } }), (e: unknown) => {
      assert.ok(e instanceof ConfigError, String(e));
      assert.deepEqual(e.problems, [
        `INFRA_CONFIG_FILE ${file} was not applied:`,
        `${file}:3: users[1]: user "Not A Name" must be an e-mail address or a lower-case machine name`,
      ]);
      return true;
    });
  });

  it('says when the file cannot be read', async () => {
    const file = join(dir, 'missing.yaml');
    await assert.rejects(startTestServer({ env: { INFRA_CONFIG_FILE: file } }), {
      problems: [`INFRA_CONFIG_FILE ${file} cannot be read (ENOENT)`],
    });
  });
});
