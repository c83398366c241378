// `npm test` and `npm start` run on the Node 24 that `npm ci` fetched (tools/pinned-node.mjs), whichever node
// started them: the machine's own may be older. This starts a script the way they start, with each node found.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const pkg = JSON.parse(readFileSync(root('package.json'), 'utf8')) as { optionalDependencies: Record<string, string> };
const PINNED_VERSION = `v${pkg.optionalDependencies[`node-${process.platform}-${process.arch}`]}`;
const PINNED = root(`node_modules/node-${process.platform}-${process.arch}/bin/node`);

/** Every node on PATH, the pinned one and the machine's own among them, once each. */
function nodesOnPath(): string[] {
  const found = (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, 'node'))
    .filter((p) => existsSync(p));
  return [...new Set([PINNED, ...found].map((p) => realpathSync(p)))];
}

describe('the pinned node (tools/pinned-node.mjs)', function () {
  this.timeout(30_000);
  let dir: string;
  let script: string;
  before(function () {
    if (!existsSync(PINNED)) this.skip(); // only linux x64 and arm64 have a binary in the registry
    dir = mkdtempSync(join(tmpdir(), 'infra-pinned-node-'));
    script = join(dir, 'report.mjs');
    // What the script and a child it starts through PATH (as npx, nx and kubectl's exec plugins start node) run on.
    writeFileSync(
      script,
      `import { execFileSync } from 'node:child_process';
       import { runOnPinnedNode } from ${JSON.stringify(pathToFileURL(root('tools/pinned-node.mjs')).href)};
       await runOnPinnedNode();
       const child = execFileSync('node', ['-p', 'process.version'], { encoding: 'utf8' }).trim();
       console.log(JSON.stringify({ self: process.version, child, args: process.argv.slice(2) }));`,
    );
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('finds more than the pinned node to start from on this machine', () => {
    assert.ok(nodesOnPath().length > 1, `only ${PINNED} on PATH: the re-execution from another node goes untested`);
  });

  for (const which of ['pinned', 'other'] as const) {
    it(`runs the script and its PATH children on ${PINNED_VERSION} when started by the ${which} node`, function () {
      const starters = nodesOnPath().filter((n) => (n === realpathSync(PINNED)) === (which === 'pinned'));
      if (starters.length === 0) this.skip();
      for (const node of starters) {
        // PATH without the pinned binary's directory, as a shell that has not run npm has it.
        const PATH = (process.env.PATH ?? '')
          .split(delimiter)
          .filter((d) => !existsSync(join(d, 'node')) || realpathSync(join(d, 'node')) !== realpathSync(PINNED))
          .join(delimiter);
        const run = spawnSync(node, [script, 'a', '--b'], {
          encoding: 'utf8',
          env: { ...process.env, PATH },
          timeout: 20_000,
        });
        assert.equal(run.status, 0, `${node}: ${run.stderr}`);
        assert.deepEqual(
          JSON.parse(run.stdout),
          { self: PINNED_VERSION, child: PINNED_VERSION, args: ['a', '--b'] },
          `started by ${node}`,
        );
      }
    });
  }
});
