import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

describe('generated proto types', () => {
  it('match what generate.sh makes from proto/ today (run libs/proto/generate.sh after changing a .proto)', function () {
    this.timeout(60_000);
    const tmp = mkdtempSync(join(tmpdir(), 'proto-gen-'));
    try {
      execFileSync('bash', ['generate.sh'], { env: { ...process.env, OUT: tmp } });
      const fresh = files(tmp);
      const committed = files(join('src', 'generated'));
      assert.deepEqual([...committed.keys()].sort(), [...fresh.keys()].sort());
      for (const [name, text] of fresh) assert.equal(committed.get(name), text, name);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
