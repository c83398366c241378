// The single-file bundle (bundle.mjs → the npm package's only code): it needs nothing but node's own modules, and
// the kubeconfig it writes runs the bundle itself, wherever it was installed, not a dist/ file of a checkout.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { within } from '@infra/server/testing';
import { startBackend, type Backend } from './testing/backend.js';
import { BINARY, tempEnv, type Result, type TestEnv } from './testing/cli.js';
import { entryScript, selfExec } from './sync.js';

const BUNDLER = fileURLToPath(new URL('../bundle.mjs', import.meta.url));

function run(file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, [file, ...args], { env }, (err, stdout, stderr) => {
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
  let bundle: string;
  before(async function () {
    t = tempEnv();
    // Somewhere no dist/ or node_modules is near, as after `npm install -g`.
    const installed = join(t.dir, 'prefix', 'lib', 'node_modules', '@infra', 'cli', 'bundle');
    mkdirSync(installed, { recursive: true });
    bundle = join(installed, 'infra.mjs');
    const built = await within('esbuild to bundle the CLI', run(BUNDLER, ['--outfile', bundle]), 20_000);
    assert.equal(built.code, 0, built.stderr);
  });
  after(() => t?.cleanup());

  it('imports only node built-ins: the workspace libraries, commander and yaml are inside', () => {
    const source = readFileSync(bundle, 'utf8');
    const specifiers = [
      ...[...source.matchAll(/^import\s[^;]*?from\s*["']([^"']+)["']/gm)].map((m) => m[1]),
      ...[...source.matchAll(/\b(?:__require|require)\(["']([^"']+)["']\)/g)].map((m) => m[1]),
      ...[...source.matchAll(/\bimport\(["']([^"']+)["']\)/g)].map((m) => m[1]),
    ];
    assert.ok(specifiers.includes('node:module'), 'the createRequire banner is there');
    const foreign = specifiers.filter((s) => !s.startsWith('node:') && !builtinModules.includes(s));
    assert.deepEqual([...new Set(foreign)], []);
  });

  it('outside the bundle, kubectl is pointed at dist/main.js next to sync.js', () => {
    assert.equal(entryScript(), BINARY);
    assert.deepEqual(selfExec({ INFRA_HOME: '/h' }), { command: process.execPath, args: [BINARY], env: { INFRA_HOME: '/h' } });
    assert.equal(entryScript(false, 'file:///opt/cli/dist/sync.js'), '/opt/cli/dist/main.js');
    assert.equal(entryScript(true, 'file:///usr/lib/node_modules/@infra/cli/bundle/infra.mjs'), '/usr/lib/node_modules/@infra/cli/bundle/infra.mjs');
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
