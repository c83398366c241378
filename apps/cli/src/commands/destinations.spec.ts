import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { startBackend, type Backend } from '../testing/backend.js';
import { runInProcess, tempEnv, type TestEnv } from '../testing/cli.js';

describe('infra destinations, list and use', () => {
  let server: Backend;
  let admin: TestEnv;
  const envs: TestEnv[] = [];

  before(async () => {
    server = await startBackend();
    admin = tempEnv();
    assert.equal((await runInProcess(admin, ['login', server.url, '--key', server.adminKey])).code, 0);
  });
  after(async () => {
    await server?.stop();
    admin?.cleanup();
    envs.forEach((e) => e.cleanup());
  });

  // The world most tests need, made through the API once, whichever test asks first: production (connected),
  // development and staging (no connector yet). Each test that changes more makes its own, so each runs alone (--grep).
  let world: Promise<void> | undefined;
  const destinations = () =>
    (world ??= (async () => {
      for (const name of ['development', 'production', 'staging'])
        await server.admin('POST', '/api/destinations', { name });
      await server.connect(
        'production',
        'https://prod.example:8443',
        '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      );
    })());

  /** A user with view on production and staging and edit on production.web, logged in in an environment of their own. */
  async function grantedUser(name: string): Promise<TestEnv> {
    await destinations();
    const { key } = await server.addUser(name);
    await server.grant({ user: name }, 'view', 'production');
    await server.grant({ user: name }, 'edit', 'production.web');
    await server.grant({ user: name }, 'view', 'staging');
    const env = tempEnv();
    envs.push(env);
    const login = await runInProcess(env, ['login', server.url, '--key', key]);
    assert.equal(login.code, 0, login.stderr);
    return env;
  }

  it("adds a destination and prints the connector's key and the Helm command", async () => {
    const r = await runInProcess(admin, ['destinations', 'add', 'qa']);
    assert.equal(r.code, 0, r.stderr);
    const key = /Connector access key \(shown once\): (\S+)/.exec(r.stdout)![1];
    assert.ok(r.stdout.includes('helm upgrade --install infra-connector deploy/charts/connector'));
    // Connectors dial the server's gRPC port, which the server reports (the fake reports none: its own URL).
    const { grpcPort } = (await (await fetch(`${server.url}/api/version`)).json()) as { grpcPort?: number };
    const grpcUrl = new URL(server.url);
    if (grpcPort !== undefined) grpcUrl.port = String(grpcPort);
    assert.ok(
      r.stdout.includes(`--set server.url=${grpcPort === undefined ? server.url : grpcUrl.origin} \\\n`),
      r.stdout,
    );
    assert.ok(r.stdout.includes(`--set accessKey=${key}`));
    assert.ok(r.stdout.includes('--set destination=qa'));
    const grpc = await runInProcess(admin, [
      'destinations',
      'add',
      'qa-grpc',
      '--grpc-url',
      'https://grpc.infra.example.com',
    ]);
    assert.ok(grpc.stdout.includes('--set server.url=https://grpc.infra.example.com \\\n'), grpc.stdout + grpc.stderr);
  });

  it('prints the public gRPC address the server was given in the Helm command', async function () {
    if (server.kind !== 'real') this.skip(); // the fake server has no configuration
    const { startTestServer } = await import('@infra/server/testing');
    const behindLb = await startTestServer({ env: { INFRA_PUBLIC_GRPC_URL: 'https://grpc.infra.example.com:9443' } });
    const env = tempEnv();
    try {
      assert.equal((await runInProcess(env, ['login', behindLb.url, '--key', behindLb.adminKey])).code, 0);
      const r = await runInProcess(env, ['destinations', 'add', 'behind-lb']);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stdout.includes('--set server.url=https://grpc.infra.example.com:9443 \\\n'), r.stdout);
    } finally {
      env.cleanup();
      await behindLb.stop();
    }
  });

  it('tells an admin without access how to grant it to themselves, and a user to ask', async () => {
    await destinations();
    const r = await runInProcess(admin, ['list']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      'You have no access to any destination yet. As an Infra admin you may grant it to yourself: `infra grants add admin development --role admin` (`infra destinations list` shows them all).\n',
    );
    const { key } = await server.addUser('nobody@example.com');
    const nobody = tempEnv();
    envs.push(nobody);
    assert.equal((await runInProcess(nobody, ['login', server.url, '--key', key])).code, 0);
    assert.equal(
      (await runInProcess(nobody, ['list'])).stdout,
      'You have no access to any destination yet: ask an admin for a grant.\n',
    );
  });

  it('lists destinations with their connection state', async () => {
    await destinations();
    const r = await runInProcess(admin, ['destinations', 'list']);
    const lines = r.stdout.trimEnd().split('\n');
    const line = (name: string) =>
      lines.find((l) => l.startsWith(`${name} `)) ?? `no line for ${name} in:\n${r.stdout}`;
    assert.match(lines[0], /^NAME +URL +CONNECTED +KUBERNETES +LAST SEEN$/);
    assert.match(line('development'), /^development +- +no +- +never$/);
    assert.match(line('production'), /^production +https:\/\/prod\.example:8443 +yes +/);
    assert.match(line('staging'), /^staging +- +no +- +never$/);
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(' ')[0]),
      lines
        .slice(1)
        .map((l) => l.split(' ')[0])
        .sort(),
      'sorted by name',
    );
  });

  it('a granted user lists what they may use, switches to it, and kubectl is pointed there', async () => {
    const dev = await grantedUser('dev@example.com');
    let r = await runInProcess(dev, ['list']);
    assert.equal(
      r.stdout,
      [
        '   NAME            ACCESS  CONNECTED',
        '   production      view    yes',
        '   production.web  edit    yes',
        '   staging         view    not yet',
        '',
      ].join('\n'),
    );
    r = await runInProcess(dev, ['use', 'production.web']);
    assert.equal(r.stdout, 'Switched kubectl to production.web (context infra:production.web).\n');
    const kube = YAML.parse(readFileSync(dev.kubeconfig, 'utf8'));
    assert.equal(kube['current-context'], 'infra:production.web');
    assert.equal(kube.clusters[0].cluster.server, 'https://prod.example:8443');
    assert.match((await runInProcess(dev, ['list'])).stdout, /\n\* +production\.web +edit/);
  });

  it('says what to do when the destination is not usable', async () => {
    const dev = await grantedUser('stuck@example.com');
    let r = await runInProcess(dev, ['use', 'development']);
    assert.deepEqual(
      [r.code, r.stderr],
      [
        1,
        'error: you have no access to development: run `infra list` to see what you can use, or ask an admin for a grant (`infra grants add stuck@example.com development --role view`)\n',
      ],
    );
    r = await runInProcess(dev, ['use', 'production.db']);
    assert.match(
      r.stderr,
      /ask an admin for a grant \(`infra grants add stuck@example\.com production\.db --role view`\)/,
      'the grant at the namespace asked for',
    );
    r = await runInProcess(dev, ['use', 'staging']);
    assert.deepEqual(
      [r.code, r.stderr],
      [1, 'error: staging has no connector yet: ask an admin to install it (`infra destinations add`)\n'],
    );
  });

  it('switches to the only namespace granted when asked for its destination, and asks which of several', async () => {
    await destinations();
    const { key } = await server.addUser('narrow@example.com');
    await server.grant({ user: 'narrow@example.com' }, 'edit', 'production.web');
    const narrow = tempEnv();
    envs.push(narrow);
    assert.equal((await runInProcess(narrow, ['login', server.url, '--key', key])).code, 0);
    let r = await runInProcess(narrow, ['use', 'production']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      'You have access to one namespace of production: production.web.\nSwitched kubectl to production.web (context infra:production.web).\n',
    );
    assert.equal(YAML.parse(readFileSync(narrow.kubeconfig, 'utf8'))['current-context'], 'infra:production.web');
    await server.grant({ user: 'narrow@example.com' }, 'view', 'production.api');
    r = await runInProcess(narrow, ['use', 'production']);
    assert.deepEqual(
      [r.code, r.stderr],
      [
        1,
        'error: you have access to namespaces of production, not all of it: run `infra use` with one of production.api, production.web\n',
      ],
    );
  });

  it('picks up grant changes on the next infra run', async () => {
    const dev = await grantedUser('growing@example.com');
    await runInProcess(dev, ['keys', 'list']);
    await server.grant({ user: 'growing@example.com' }, 'view', 'production.api');
    await runInProcess(dev, ['keys', 'list']);
    const contexts = YAML.parse(readFileSync(dev.kubeconfig, 'utf8')).contexts.map((c: { name: string }) => c.name);
    assert.deepEqual(contexts, ['infra:production', 'infra:production.api', 'infra:production.web']);
  });

  it('removes a destination', async () => {
    await server.admin('POST', '/api/destinations', { name: 'doomed' });
    assert.equal(
      (await runInProcess(admin, ['destinations', 'remove', 'doomed'])).stdout,
      'Removed destination doomed.\n',
    );
    const r = await runInProcess(admin, ['destinations', 'add', 'Bad_Name']);
    assert.deepEqual(
      [r.code, r.stderr],
      [1, 'error: "Bad_Name" is not a valid destination name: use a lower-case DNS label like production\n'],
    );
  });
});
