import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

// kubectl runs the plugin before every command, so its cache-hit path must stay small: follow the
// static imports from credentials.js and make sure no heavy package is on it.
function staticImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  for (const [, spec] of source.matchAll(/^import\s[^;]*?from\s+'([^']+)';/gms)) {
    if (spec.startsWith('.')) staticImports(join(dirname(file), spec), seen);
    else seen.add(spec);
  }
  return seen;
}

describe('the plugin start-up path', () => {
  it('loads no commander, yaml, command modules or HTTP client on a cache hit', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const loaded = [...staticImports(join(here, 'credentials.js'))].map((f) => f.replace(here + '/', ''));
    for (const heavy of ['commander', 'yaml', 'program.js', 'api.js', 'kubeconfig.js', 'sync.js']) {
      assert.ok(!loaded.includes(heavy), `${heavy} is imported on the plugin path: ${loaded.join(', ')}`);
    }
    assert.ok(loaded.includes('credential-cache.js'));
  });

  it('main.js imports nothing statically', () => {
    const main = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'main.js'), 'utf8');
    assert.doesNotMatch(main, /^import\s/m);
  });
});
