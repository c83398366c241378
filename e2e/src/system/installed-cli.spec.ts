// The README's first session with the CLI as users get it: `npm pack -w apps/cli`, `npm install -g` of the tarball
// into a prefix of its own (offline, with an empty npm cache: the tarball must need nothing from a registry), then
// that `infra` against a started server over TLS and the test cluster behind a real connector, up to `kubectl get
// pods` through the exec plugin, which must run the installed bundle, not a file of this checkout. Each command is
// taken from the README's text (placeholders filled in), so the README cannot drift from what is tested.
// (The harness creates the destination `production` and starts its connector, as `infra destinations add
// production` and `npm run dev:cluster` do in the README.)
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { within } from '@infra/server/testing';
import { CliUser, type CliResult } from './cli.js';
import { useSystem } from './testing.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** A CLI command's deadline: it takes well under a second, but the machine is shared. */
const STEP = 10_000;
const README_SERVER = 'https://127.0.0.1:8080';

/** A command of the README's first session, word for word; fails when the README no longer says it. */
function readmeCommand(command: string): string {
  const lines = readFileSync(join(ROOT, 'README.md'), 'utf8')
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim());
  assert.ok(lines.includes(command), `the README's first session no longer says \`${command}\``);
  return command;
}

/** That command as argv, with the README's placeholders replaced by `fill`. */
function readme(command: string, fill: Record<string, string> = {}): string[] {
  return Object.entries(fill)
    .reduce((c, [from, to]) => c.replaceAll(from, to), readmeCommand(command))
    .split(' ');
}

/** Runs npm (whatever `npm` is on PATH, as a person would) and fails with its output when it fails. */
function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('npm', args, { cwd, env, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`npm ${args.join(' ')} failed: ${stderr || err.message}`));
      else resolve(stdout);
    });
  });
}

interface KubeconfigUser {
  name: string;
  user: { exec?: { command: string; args: string[] } };
}

describe('the CLI installed from its npm tarball', function () {
  this.timeout(60_000);
  const sys = useSystem({ tls: true });
  const people: CliUser[] = [];
  let tmp = '';
  let installedBundle = '';
  let infraCommand = '';

  before(async function () {
    this.timeout(60_000);
    tmp = mkdtempSync(join(tmpdir(), 'infra-installed-cli-'));
    const prefix = join(tmp, 'prefix');
    // The README's `npm pack -w apps/cli && npm install -g ./infra-cli-0.1.0.tgz`, with the tarball and the install
    // kept in the test's temp dir.
    const [pack, install] = readmeCommand('npm pack -w apps/cli && npm install -g ./infra-cli-0.1.0.tgz')
      .split(' && ')
      .map((c) => c.split(' ').slice(1));
    const packed = await within(
      'npm pack -w apps/cli',
      npm([...pack, '--pack-destination', tmp, '--json'], ROOT),
      30_000,
    );
    const [{ filename, files }] = JSON.parse(packed) as { filename: string; files: { path: string }[] }[];
    assert.equal(`./${filename}`, install.at(-1), 'the README installs another tarball than npm pack makes');
    assert.ok(
      files.every((f) => f.path === 'package.json' || f.path === 'README.md' || f.path.startsWith('bundle/')),
      `the tarball holds more than the bundle: ${files.map((f) => f.path).join(', ')}`,
    );
    // --offline with an empty cache: any dependency left to fetch fails the install.
    const env = {
      ...process.env,
      npm_config_cache: join(tmp, 'npm-cache'),
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    };
    await within(
      'npm install -g --offline of the tarball',
      npm([...install, '--offline', '--prefix', prefix], tmp, env),
      30_000,
    );
    infraCommand = join(prefix, 'bin', 'infra');
    installedBundle = join(prefix, 'lib', 'node_modules', '@infra', 'cli', 'bundle', 'infra.mjs');
    assert.equal(
      realpathSync(infraCommand),
      installedBundle,
      `${infraCommand} is not npm's link to the installed bundle`,
    );
  });
  after(() => {
    people.forEach((p) => p.cleanup());
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const installed = () => {
    const p = new CliUser([infraCommand]);
    people.push(p);
    return p;
  };
  const ok = (r: CliResult, what: string) => assert.equal(r.code, 0, `${what}: ${r.stdout}\n${r.stderr}`);

  it("runs the README's first session: the admin grants, the user logs in with a password, lists, uses, and kubectl gets pods", async () => {
    const s = sys();
    s.kube.addPod({ name: 'nginx' });
    const fingerprint = s.serverTls!.fingerprint;

    const admin = installed();
    const fill = { [README_SERVER]: s.url, '<admin access key>': s.adminKey, '<fingerprint>': fingerprint };
    const [, ...adminLogin] = readme(
      'infra login https://127.0.0.1:8080 --key <admin access key> --tls-fingerprint <fingerprint>',
      fill,
    );
    ok(await within('infra login --key --tls-fingerprint', admin.infra(adminLogin), STEP), 'admin login');
    const added = await within(
      'infra users add',
      admin.infra(readme('infra users add user@example.com').slice(1)),
      STEP,
    );
    ok(added, 'users add');
    const oneTime = /^One-time password: (\S+)$/m.exec(added.stdout)?.[1];
    assert.ok(oneTime, `no one-time password in: ${added.stdout}`);
    ok(
      await within(
        'infra grants add',
        admin.infra(readme('infra grants add user@example.com production --role admin').slice(1)),
        STEP,
      ),
      'grants add',
    );

    const user = installed();
    const [, ...userLogin] = readme('infra login https://127.0.0.1:8080 --user user@example.com', fill);
    const login = await within(
      'infra login --user on a terminal',
      user.terminal(
        userLogin,
        [
          [/Trust this certificate\? \[y\/N\] $/m, 'y'],
          [/Password: $/m, oneTime],
          [/New password: $/m, 'chosen-Passw0rd-42'],
          [/Confirm new password: $/m, 'chosen-Passw0rd-42'],
        ],
        30_000,
      ),
      35_000,
    );
    ok(login, 'user login');
    assert.ok(login.stdout.includes(fingerprint), `the fingerprint to compare is not shown: ${login.stdout}`);
    assert.match(login.stdout, /Logged in to .* as user@example\.com\./);

    const list = await within('infra list', user.infra(readme('infra list').slice(1)), STEP);
    ok(list, 'list');
    assert.match(list.stdout, /^\s+production\s+admin\s/m);
    const use = await within('infra use production', user.infra(readme('infra use production').slice(1)), STEP);
    ok(use, 'use');
    assert.match(use.stdout, /Switched kubectl to production \(context infra:production\)/);

    // kubectl runs the installed bundle, wherever npm put it, and nothing of this checkout.
    const kubeconfig = parse(readFileSync(user.kubeconfig, 'utf8')) as { users: KubeconfigUser[] };
    const exec = kubeconfig.users.find((u) => u.name === 'infra:production')?.user.exec;
    assert.ok(exec, `no exec plugin in ${JSON.stringify(kubeconfig.users)}`);
    assert.equal(exec.args[0], installedBundle);
    assert.ok(!exec.args[0].startsWith(ROOT) && existsSync(exec.command), JSON.stringify(exec));

    const pods = await within(
      'kubectl get pods through the installed plugin',
      user.kubectl(readme('kubectl get pods').slice(1)),
      15_000,
    );
    assert.equal(pods.code, 0, pods.stderr);
    assert.match(pods.stdout, /^nginx\s+1\/1\s+Running/m);
    assert.ok(
      s.kube.requests.some((q) => q.user === 'user@example.com' && q.path === '/api/v1/namespaces/default/pods'),
      'the API server saw the user',
    );
  });
});
