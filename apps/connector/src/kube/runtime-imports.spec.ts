// The connector keeps @kubernetes/client-node for its model types only: its runtime loads every generated API and
// model (~70 MB of resident memory), so loading the connector's entry point must not load it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const HOOKS = `export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(r.url);
  if (m) console.log('package ' + m[1]);
  return r;
}`;

describe("the connector's runtime imports", function () {
  this.timeout(30_000);

  it('loading main.js loads no @kubernetes/client-node', () => {
    const main = new URL('../main.js', import.meta.url).href;
    const script = `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}));
await import(${JSON.stringify(main)});`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const packages = new Set(run.stdout.split('\n').filter((l) => l.startsWith('package ')).map((l) => l.slice(8)));
    assert.ok(packages.has('jose') && packages.has('@grpc/grpc-js'), `the hook sees package imports: ${[...packages].join(', ')}`);
    assert.ok(!packages.has('@kubernetes/client-node'), 'client-node is imported at run time');
  });
});
