// The bundle (bundle.mjs → bundle/, the npm package's only code): it needs nothing but node's own modules and its own
// chunks; kubectl's plugin run loads no commander, yaml or HTTP stack on a cache hit; and the kubeconfig it writes runs
// the bundle's entry, wherever it was installed, not a dist/ file of a checkout.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { within } from '@infra/server/testing';
import { startBackend, type Backend } from './testing/backend.js';
import { BINARY, tempEnv, type Result, type TestEnv } from './testing/cli.js';
import { entryScript, selfExec } from './sync.js';

const BUNDLER = fileURLToPath(new URL('../bundle.mjs', import.meta.url));

function run(file: string, args: string[], env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...nodeArgs, file, ...args], { env }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

interface ExecUser {
  name: string;
  user: { exec?: { command: string; args: string[]; env?: { name: string; value: string }[] } };
}

describe('the CLI bundle', function () {
  let t: TestEnv;
  let dir: string;
  let bundle: string;
  before(async function () {
    t = tempEnv();
    // Somewhere no dist/ or node_modules is near, as after `npm install -g`.
    dir = join(t.dir, 'prefix', 'lib', 'node_modules', '@infra', 'cli', 'bundle');
    mkdirSync(dir, { recursive: true });
    bundle = join(dir, 'infra.mjs');
    const built = await within('esbuild to bundle the CLI', run(BUNDLER, ['--outdir', dir]), 20_000);
    assert.equal(built.code, 0, built.stderr);
  });
  after(() => t?.cleanup());

  it('imports only node built-ins and its own chunks: the workspace libraries, commander and yaml are inside', () => {
    const files = readdirSync(dir);
    assert.ok(files.includes('infra.mjs'), files.join(', '));
    const foreign = files.flatMap((f) => {
      const source = readFileSync(join(dir, f), 'utf8');
      const specifiers = [
        ...[...source.matchAll(/^import\s[^;]*?from\s*["']([^"']+)["']/gm)].map((m) => m[1]),
        ...[...source.matchAll(/^import\s*["']([^"']+)["']/gm)].map((m) => m[1]),
        ...[...source.matchAll(/\b(?:__require|require)\(["']([^"']+)["']\)/g)].map((m) => m[1]),
        ...[...source.matchAll(/\bimport\(["']([^"']+)["']\)/g)].map((m) => m[1]),
      ];
      const ownChunk = (s: string) => s.startsWith('./') && existsSync(join(dir, s));
      return specifiers
        .filter((s) => !s.startsWith('node:') && !builtinModules.includes(s) && !ownChunk(s))
        .map((s) => `${f}: ${s}`);
    });
    assert.deepEqual([...new Set(foreign)], []);
  });

  it("kubectl's plugin run on a cache hit loads neither commander, yaml, the commands nor node's HTTP stack", async () => {
    const home = join(t.dir, 'plugin-home');
    const server = 'https://infra.example.com';
    mkdirSync(join(home, 'cache', 'tokens'), { recursive: true });
    writeFileSync(
      join(home, 'config.json'),
      JSON.stringify({
        version: 1,
        current: server,
        servers: [{ url: server, session: { accessKey: 'k.s', userID: 'u', name: 'u@example.com' } }],
      }),
    );
    const { createHash } = await import('node:crypto');
    const cached = `${createHash('sha256').update(server).digest('hex').slice(0, 16)}-production.json`;
    writeFileSync(
      join(home, 'cache', 'tokens', cached),
      JSON.stringify({ token: 'cached-token', expires: new Date(Date.now() + 3_600_000).toISOString() }),
    );
    // Records every module the plugin loads (sync customization hooks) and the built-ins node loaded.
    const recorder = join(t.dir, 'record-loads.cjs');
    writeFileSync(
      recorder,
      `const loaded = [];
require('node:module').registerHooks({ load(url, ctx, next) { loaded.push(url); return next(url, ctx); } });
process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify({ files: loaded, builtins: process.moduleLoadList })));`,
    );

    const r = await within(
      'the bundled plugin',
      run(bundle, ['credentials', '--destination', 'production'], { INFRA_HOME: home }, ['--require', recorder]),
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).status.token, 'cached-token');
    const loads = JSON.parse(r.stderr.split('\nLOADED ')[1]) as { files: string[]; builtins: string[] };
    const ours = loads.files
      .filter((u) => u.startsWith(pathToFileURL(dir).href))
      .map((u) => basename(fileURLToPath(u)));
    assert.ok(
      ours.some((f) => f.startsWith('credentials-')),
      `the plugin's code is not a chunk of its own; loaded: ${ours.join(', ')}`,
    );
    for (const f of ours) {
      const source = readFileSync(join(dir, f), 'utf8');
      for (const heavy of ['exports.CommanderError', 'YAMLParseError', 'function buildProgram', 'from "node:http"']) {
        assert.ok(!source.includes(heavy), `${f}, loaded by the plugin, holds ${heavy}`);
      }
    }
    for (const builtin of ['http', 'https', 'tls', 'child_process', 'internal/deps/undici/undici']) {
      assert.ok(!loads.builtins.includes(`NativeModule ${builtin}`), `the plugin loaded node:${builtin}`);
    }
  });

  it('outside the bundle, kubectl is pointed at dist/main.js next to sync.js', () => {
    assert.equal(entryScript(), BINARY);
    assert.deepEqual(selfExec({ INFRA_HOME: '/h' }), {
      command: process.execPath,
      args: [BINARY],
      env: { INFRA_HOME: '/h' },
    });
    assert.equal(entryScript('./main.js', 'file:///opt/cli/dist/sync.js'), '/opt/cli/dist/main.js');
    assert.equal(
      entryScript('./infra.mjs', 'file:///usr/lib/node_modules/@infra/cli/bundle/program-X.mjs'),
      '/usr/lib/node_modules/@infra/cli/bundle/infra.mjs',
    );
  });

  describe('with a server', () => {
    let server: Backend;
    before(async () => {
      server = await startBackend();
      await server.admin('POST', '/api/destinations', { name: 'production' });
      await server.connect('production', 'https://prod.example');
    });
    after(async () => {
      await server?.stop();
    });

    it('writes a kubeconfig whose exec plugin runs the bundle itself, and that plugin answers kubectl', async () => {
      const { key } = await server.addUser('bundled@example.com');
      await server.grant({ user: 'bundled@example.com' }, 'view', 'production');
      const login = await within('infra login (bundle)', run(bundle, ['login', server.url, '--key', key], t.env));
      assert.equal(login.code, 0, login.stderr);

      const kubeconfig = parse(readFileSync(t.kubeconfig, 'utf8')) as { users: ExecUser[] };
      const exec = kubeconfig.users.find((u) => u.name === 'infra:production')?.user.exec;
      assert.ok(exec, `no exec plugin for infra:production in ${JSON.stringify(kubeconfig.users)}`);
      assert.equal(exec.command, process.execPath);
      assert.deepEqual(exec.args.slice(0, 1), [bundle]);

      // What kubectl does: run the command with its args and env, read an ExecCredential.
      const env = { ...t.env, ...Object.fromEntries((exec.env ?? []).map((e) => [e.name, e.value])) };
      const cred = await within('the bundled exec plugin', run(exec.args[0], exec.args.slice(1), env));
      assert.equal(cred.code, 0, cred.stderr);
      assert.equal(JSON.parse(cred.stdout).kind, 'ExecCredential');
    });
  });
});
