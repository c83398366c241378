// Secrets of a provider login never reach the server's output, whatever logger writes it: the real entry point runs
// in a child process at the most verbose log level, and everything it writes to stdout and stderr is searched.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { within } from '../../testing/deadline.js';
import { startTestOidcProvider, type TestOidcProvider } from '../../testing/oidc-provider.js';
import { createTestDatabase, randomAlnum } from '../../testing/test-server.js';
import { TestClient } from '../../testing/test-client.js';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '../../main.js');
const REDIRECT = 'http://127.0.0.1:8301/callback';

describe('provider secrets in the server output', function () {
  this.timeout(60_000);
  let idp: TestOidcProvider;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let child: ChildProcess;
  let output = '';
  let dir: string;
  let admin: TestClient;

  before(async function () {
    this.timeout(120_000);
    idp = await startTestOidcProvider();
    idp.addUser({ id: 'logged-sub', email: 'logged@example.com' });
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'infra-provider-log-'));
    const adminKey = `${randomAlnum(10)}.${randomAlnum(24)}`;
    child = spawn(process.execPath, [MAIN], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: db.url,
        INFRA_DATA_DIR: dir,
        INFRA_TLS: 'off',
        INFRA_HTTP_HOST: '127.0.0.1',
        INFRA_HTTP_PORT: '0',
        INFRA_GRPC_PORT: 'off',
        INFRA_LOG_LEVEL: 'debug',
        INFRA_ADMIN_ACCESS_KEY: adminKey,
      },
    });
    const listening = new Promise<string>((resolve, reject) => {
      const seen = (chunk: Buffer) => {
        output += chunk.toString();
        const m = /listening on (http:\/\/\S+)/.exec(output);
        if (m) resolve(m[1]!);
      };
      child.stdout!.on('data', seen);
      child.stderr!.on('data', seen);
      child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
    });
    admin = new TestClient(await within('the server starting', listening, 90_000), adminKey);
  });
  after(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await idp?.stop();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('neither the client secret, nor codes, states or session keys appear in stdout or stderr', async () => {
    const created = await admin.post('/api/providers', {
      name: 'logged',
      url: idp.issuer,
      clientID: idp.clientId,
      clientSecret: idp.clientSecret,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const anon = admin.as(undefined);
    const secrets: string[] = [idp.clientSecret];
    for (const outcome of ['ok', 'bad code', 'replay']) {
      const start = await anon.get(`/api/providers/logged/login?redirect_uri=${encodeURIComponent(REDIRECT)}`);
      const callback = await idp.signIn(start.body.url, 'logged-sub');
      const code = callback.searchParams.get('code')!;
      const state = callback.searchParams.get('state')!;
      const oidc = {
        provider: 'logged',
        code: outcome === 'bad code' ? randomAlnum(43) : code,
        state,
        redirectURI: REDIRECT,
        iss: callback.searchParams.get('iss'),
      };
      const res = await anon.post('/api/login', { oidc });
      assert.equal(res.status, outcome === 'bad code' ? 401 : 201, `${outcome}: ${JSON.stringify(res.body)}`);
      if (outcome === 'replay') assert.equal((await anon.post('/api/login', { oidc })).status, 401);
      secrets.push(code, state, ...(res.body.accessKey ? [res.body.accessKey, res.body.accessKey.split('.')[1]] : []));
    }
    // Give the logger a moment to flush what it buffered.
    await new Promise((r) => setTimeout(r, 300));
    assert.match(output, /listening on/, 'the server output was not captured');
    for (const secret of secrets)
      assert.ok(!output.includes(secret), `the server wrote a secret (${secret.slice(0, 4)}…) to its output`);
  });
});
