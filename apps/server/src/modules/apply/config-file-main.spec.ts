// The real entry point with `--config-file`: applied before the server says it listens, again on SIGHUP, and a file
// with a problem stops the start with exit code 2 and the problem's line.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { within } from '../../testing/deadline.js';
import { pgliteTemplateDir } from '../../testing/test-server.js';

const MAIN = fileURLToPath(new URL('../../main.js', import.meta.url));
const ADMIN_KEY = 'applymain1.abcdefghijklmnopqrstuvwx';

describe('the server started with --config-file', function () {
  this.timeout(180_000);
  let dir: string;
  let child: ChildProcess | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'infra-config-main-'));
    cpSync(await pgliteTemplateDir(), join(dir, '.infra-data', 'db'), { recursive: true });
  });
  afterEach(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  function start(file: string): { output: () => string; listening: Promise<string>; exited: Promise<number | null> } {
    const env = {
      PATH: process.env.PATH,
      INFRA_HTTP_PORT: '0',
      INFRA_GRPC_PORT: 'off',
      INFRA_TLS: 'off',
      INFRA_LOG_LEVEL: 'silent',
      INFRA_ADMIN_ACCESS_KEY: ADMIN_KEY,
    };
    child = spawn(process.execPath, [MAIN, '--config-file', file], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
    const listening = new Promise<string>((resolve, reject) => {
      child!.stdout!.on('data', () => {
        const m = /^Infra server listening on (\S+)$/m.exec(out);
        if (m) resolve(m[1]!);
      });
      void exited.then((code) => reject(new Error(`server exited with ${code}:\n${out}`)));
    });
    return { output: () => out, listening, exited };
  }

  async function users(url: string): Promise<string[]> {
    const res = await fetch(`${url}/api/users`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    const body = (await res.json()) as { items: { name: string }[] };
    return body.items
      .map((u) => u.name)
      .filter((n) => n.endsWith('@example.com'))
      .sort();
  }

  it('applies the file before it listens, and again on SIGHUP', async () => {
    const file = join(dir, 'infra.yaml');
    writeFileSync(file, 'users: [first@example.com]\n');
    const server = start(file);
    const url = await within('the server to start', server.listening, 60_000);
    assert.deepEqual(await users(url), ['first@example.com']);
    writeFileSync(file, 'users: [second@example.com]\n');
    child!.kill('SIGHUP');
    await within(
      'the reloaded file to be applied',
      (async () => {
        while ((await users(url)).join() !== 'second@example.com') await new Promise((r) => setTimeout(r, 50));
      })(),
    );
  });

  it('stops with exit code 2 and the line of the problem', async () => {
    const file = join(dir, 'infra.yaml');
    writeFileSync(file, 'grants:\n  - {user: nobody@example.com, role: view, resource: prod}\n');
    const server = start(file);
    assert.equal(await within('the server to stop', server.exited, 60_000), 2);
    assert.match(server.output(), new RegExp(`${file}:2: grants\\[0\\]\\.user: unknown user "nobody@example\\.com"`));
  });
});
