// The images of deploy/docker/Dockerfile, built without a container engine (see build-by-hand.ts): each final
// stage must hold only compiled code, production dependencies and the protos (the connector: its bundle alone), and
// the app must start from that tree alone as the image's non-root user. A dependency pruned away, a file not copied
// or a data dir the user cannot write fails here, naming the stage and the app's own error.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from '../system/wait.js';
import { HandBuild, inImage, type BuiltStage } from './build-by-hand.js';
import { freePort, runContainer, type Container } from './container.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
// The repository's Node 24 (node-linux-<cpu>), which the tests run on, stands in for the base image's node.
const nodeBin = dirname(process.execPath);
const DATA_DIR = '/var/lib/infra';
/** Content on top of the base image (node itself), in MB: well above today's figures (deploy/README.md). */
const CEILING_MB = { server: 90, connector: 8 };
/** Development tools that must never reach an image. */
const DEV_ONLY = ['typescript', 'mocha', 'nx', 'fast-check', '@types/mocha', '@infra/cli', '@infra/e2e'];

describe('the images built by hand from deploy/docker/Dockerfile', function () {
  let work: string;
  /** The base image's node for the apps' uid (see before). */
  let baseNodeBin: string;
  let build: HandBuild;
  const images = {} as Record<'server' | 'connector', BuiltStage>; // set in before
  const running: Container[] = [];

  before(async function () {
    this.timeout(300_000); // npm ci three times and tsc: about two minutes on a shared machine
    assert.equal(process.getuid?.(), 0, 'this spec runs as root, to start each app as the uid its image names');
    work = mkdtempSync(join(tmpdir(), 'infra-image-'));
    chmodSync(work, 0o755); // the apps' uid must reach its tree
    // The apps' uid must reach node too, as it would in the base image: the repository's own copy may sit under a
    // directory only root may enter (a clone in `mktemp -d`, 0700).
    baseNodeBin = join(work, 'base-image/usr/local/bin');
    mkdirSync(baseNodeBin, { recursive: true });
    copyFileSync(process.execPath, join(baseNodeBin, 'node'));
    chmodSync(join(baseNodeBin, 'node'), 0o755);
    build = new HandBuild({
      repo,
      dockerfile: join(repo, 'deploy/docker/Dockerfile'),
      dockerignore: join(repo, 'deploy/docker/Dockerfile.dockerignore'),
      work,
      nodeBin,
      hostEnv: { npm_config_prefer_offline: 'true' }, // the host's npm cache first; the registry for what it lacks
      log: (line) => console.log(`      ${line}`),
    });
    const base = build.file.globalArgs.find((arg) => arg.name === 'NODE_IMAGE')?.value ?? '';
    assert.ok(
      base.startsWith(`node:${process.versions.node}-`),
      `the tests run on Node ${process.versions.node}, the images on ${base}`,
    );
    [images.server, images.connector] = await Promise.all([build.stage('server'), build.stage('connector')]);
    if (process.env.INFRA_KEEP_IMAGE_TREE) console.log(`      stage trees kept in ${work}/stages`);
    const server = images.server.root;
    console.log(
      `      server image content: ${mb(server)} MB (node_modules ${mb(inImage(server, '/app/node_modules'))} MB) on top of the base image`,
    );
    console.log(`      connector image content: ${mb(images.connector.root)} MB on top of the base image`);
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.stop()));
  });

  after(async function () {
    this.timeout(120_000); // a gigabyte of small files on a shared disk
    if (work && !process.env.INFRA_KEEP_IMAGE_TREE) await rm(work, { recursive: true, force: true });
  });

  it('hold the server as compiled code, production dependencies and the protos, under a size ceiling', () => {
    const app = 'server';
    const root = images[app].root;
    const top = (path: string) => readdirSync(inImage(root, path)).sort();
    assert.deepEqual(top('/app'), ['apps', 'libs', 'node_modules', 'proto'], `${app}: what /app holds`);
    // The server serves the web UI: its built files come along (apps/web/dist/app and the package.json that names them).
    assert.deepEqual(top('/app/apps'), ['server', 'web'], `${app}: only its own app`);
    const files = walk(inImage(root, '/app')).filter((f) => !f.startsWith('node_modules/'));
    const webAsset = (f: string) => /^apps\/web\/dist\/app\/[\w./-]+\.(html|js|css|svg|ico|png|woff2?)$/.test(f);
    const strays = files.filter(
      (f) =>
        !/^(apps|libs)\/[a-z-]+\/(package\.json|dist\/.+\.js(\.map)?)$/.test(f) &&
        !/^proto\/.+\.proto$/.test(f) &&
        !webAsset(f),
    );
    assert.deepEqual(
      strays,
      [],
      `${app}: files other than dist/*.js, package.json and protos (sources, tests, declarations?)`,
    );
    assert.deepEqual(
      files.filter((f) => f.includes('.spec.')),
      [],
      `${app}: compiled specs`,
    );
    assert.deepEqual(
      files.filter((f) => f.includes('/dist/testing/')),
      [],
      `${app}: compiled test support (src/testing)`,
    );
    const dev = DEV_ONLY.filter((pkg) => existsSync(inImage(root, `/app/node_modules/${pkg}`)));
    assert.deepEqual(dev, [], `${app}: development packages in node_modules`);
    for (const link of readdirSync(inImage(root, '/app/node_modules/@infra'))) {
      const path = inImage(root, `/app/node_modules/@infra/${link}`);
      assert.ok(
        existsSync(path) && realpathSync(path).startsWith(root),
        `${app}: node_modules/@infra/${link} points at nothing in the image`,
      );
    }
    assert.ok(mb(root) < CEILING_MB[app], `${app}: ${mb(root)} MB is past the ${CEILING_MB[app]} MB ceiling`);
  });

  it('hold the connector as its bundle alone: one module, the .proto it loads and the licences, no node_modules', () => {
    const root = images.connector.root;
    assert.deepEqual(
      walk(inImage(root, '/app')).sort(),
      [
        'apps/connector/bundle/main.mjs',
        'apps/connector/bundle/main.mjs.LEGAL.txt',
        'apps/connector/bundle/proto/infra/connector/v1/connector.proto',
      ],
      'connector: what /app holds',
    );
    assert.ok(
      mb(root) < CEILING_MB.connector,
      `connector: ${mb(root)} MB is past the ${CEILING_MB.connector} MB ceiling`,
    );
  });

  it('the server starts as uid 1000 on its embedded database and writes only its data dir', async function () {
    this.timeout(150_000);
    const server = await startServer(images.server);
    const status = await within(server.container, 'GET /healthz', () => get(`${server.url}/healthz`));
    assert.equal(status, 200);
    const data = inImage(images.server.root, DATA_DIR);
    assert.equal(images.server.config.env.INFRA_DATA_DIR, DATA_DIR, 'the image sets INFRA_DATA_DIR');
    for (const file of ['tls.crt', 'tls.key', 'root.key'])
      assert.ok(existsSync(join(data, file)), `${file} in ${DATA_DIR}`);
    const written = walk(images.server.root, true).filter((f) => lstatSync(join(images.server.root, f)).uid !== 0);
    const elsewhere = written.filter((f) => !`/${f}`.startsWith(`${DATA_DIR}/`) && `/${f}` !== DATA_DIR);
    assert.ok(written.length > 3, 'the server wrote its database and keys');
    assert.deepEqual(elsewhere, [], 'files not owned by root outside the data dir');
  });

  it('the connector starts as uid 1000, serves its health port and reports that the server refused its key', async function () {
    this.timeout(150_000);
    const server = await startServer(images.server);
    const kubeconfig = join(work, 'kubeconfig.yaml');
    writeFileSync(
      kubeconfig,
      JSON.stringify({
        // no cluster listens there: the connector starts regardless
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'c',
        clusters: [
          { name: 'c', cluster: { server: `https://127.0.0.1:${await freePort()}`, 'insecure-skip-tls-verify': true } },
        ],
        users: [{ name: 'u', user: { token: 'not-a-real-token' } }],
        contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
      }),
      { mode: 0o644 },
    );
    const health = await freePort();
    const connector = runContainer(images.connector, baseNodeBin, {
      INFRA_SERVER: server.grpc,
      INFRA_SERVER_FINGERPRINT: server.fingerprint,
      INFRA_ACCESS_KEY: 'imagetest.0123456789abcdef0123',
      INFRA_DESTINATION: 'image-test',
      INFRA_KUBECONFIG: kubeconfig,
      INFRA_PROXY_LISTEN: '127.0.0.1:0',
      INFRA_HEALTH_LISTEN: `127.0.0.1:${health}`,
    });
    running.push(connector);
    await within(connector, 'the connector to answer GET /healthz', async () => {
      await eventually('/healthz', async () => (await get(`http://127.0.0.1:${health}/healthz`)) === 200, 20_000);
    });
    // Its allocator is the image's jemalloc (the Dockerfile's LD_PRELOAD), not glibc's: ld.so only warns on a miss.
    const maps = readFileSync(`/proc/${connector.child.pid}/maps`, 'utf8');
    assert.ok(
      maps.includes(inImage(images.connector!.root, '/usr/local/lib/libjemalloc.so.2')),
      `the connector runs with the image's jemalloc (LD_PRELOAD=${images.connector!.config.env.LD_PRELOAD})`,
    );
    // The refusal proves the whole path: protos loaded, gRPC over TLS pinned to the server's certificate.
    await within(connector, 'the connector to report the refused access key', () =>
      eventually(
        'the refusal in its log',
        () => /refused.*access key|UNAUTHENTICATED/i.test(connector.output()),
        20_000,
      ),
    );
  });

  async function startServer(
    image: BuiltStage,
  ): Promise<{ container: Container; url: string; grpc: string; fingerprint: string }> {
    const data = inImage(image.root, DATA_DIR);
    for (const entry of readdirSync(data)) rmSync(join(data, entry), { recursive: true, force: true }); // a fresh start
    const container = runContainer(image, baseNodeBin, {
      INFRA_HTTP_HOST: '127.0.0.1',
      INFRA_HTTP_PORT: '0',
      INFRA_GRPC_PORT: '0',
    });
    running.push(container);
    const printed = (re: RegExp) => re.exec(container.output())?.[1];
    await within(container, 'the server to print its addresses', () =>
      eventually(
        'listening',
        () =>
          printed(/listening on (\S+)/) !== undefined &&
          printed(/gRPC.* on (\S+)/) !== undefined &&
          printed(/fingerprint: (\S+)/) !== undefined,
        90_000,
      ),
    ); // a first start makes the embedded database: 10-50 s on a busy machine
    return {
      container,
      url: printed(/listening on (\S+)/)!,
      grpc: printed(/gRPC.* on (\S+)/)!,
      fingerprint: printed(/fingerprint: (\S+)/)!,
    };
  }
});

/** `wait` (which has its own deadline), failing at once with the app's output if its process exits first. */
async function within<T>(container: Container, what: string, wait: () => Promise<T>): Promise<T> {
  try {
    return await Promise.race([wait(), container.exited]);
  } catch (e) {
    throw new Error(`waiting for ${what}: ${(e as Error).message}\n--- output ---\n${container.output()}`);
  }
}

/** The status of GET `url`; https without checking the (self-signed) certificate, within 5 s. */
function get(url: string): Promise<number> {
  if (!url.startsWith('https:')) return fetch(url, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status);
  return new Promise((resolve, reject) => {
    const req = request(url, { rejectUnauthorized: false, timeout: 5_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within 5 s`)));
    req.on('error', reject);
    req.end();
  });
}

/** Paths under `dir`, relative to it: files only, or with `dirs` the directories too. Symlinks are not followed. */
function walk(dir: string, dirs = false, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(dirs ? [path] : []), ...walk(dir, dirs, path));
    else out.push(path);
  }
  return out;
}

/** Content size (apparent bytes, as an image layer counts them) in MB. */
function mb(path: string): number {
  const du = spawnSync('du', ['-sb', path], { encoding: 'utf8' });
  return Math.round(Number(du.stdout.split('\t')[0]) / 1e5) / 10;
}
