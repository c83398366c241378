// `kubectl cp` both ways, checked byte for byte: shared by the test server's own specs and the whole-system ones
// (through the connector's proxy). A file and a directory tree (text, binary, empty, a 1 MiB file spanning many
// exec frames) go into the pod, are read there with `cat`/`ls`, and come back out to be compared with the originals.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubectlResult } from './kubectl.js';

type RunKubectl = (args: string[]) => Promise<KubectlResult>;

/** Copies into and out of `pod` (which must start with the simulated container's files) and checks every byte. */
export async function checkKubectlCp(kubectl: RunKubectl, pod: string): Promise<void> {
  const local = mkdtempSync(join(tmpdir(), 'kubectl-cp-'));
  const ok = async (args: string[]) => {
    const r = await kubectl(args);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r;
  };
  try {
    const tree = join(local, 'site');
    mkdirSync(join(tree, 'assets', 'deep'), { recursive: true });
    writeFileSync(join(tree, 'index.html'), '<h1>copied</h1>\n');
    writeFileSync(join(tree, 'assets', 'all-bytes'), Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
    writeFileSync(join(tree, 'assets', 'deep', 'big.bin'), randomBytes(1 << 20));
    writeFileSync(join(tree, 'assets', 'deep', 'empty'), '');

    // pod → local, a file the pod had from the start
    await ok(['cp', `${pod}:/etc/hostname`, join(local, 'hostname')]);
    assert.equal(readFileSync(join(local, 'hostname'), 'utf8'), `${pod}\n`);

    // local → pod: one file to a new name, then the tree into a directory that does not exist yet
    await ok(['cp', join(tree, 'index.html'), `${pod}:/tmp/page.html`]);
    assert.equal((await ok(['exec', pod, '--', 'cat', '/tmp/page.html'])).stdout, '<h1>copied</h1>\n');
    await ok(['cp', tree, `${pod}:/tmp/site`]);
    assert.equal(
      (await ok(['exec', pod, '--', 'ls', '/tmp/site', '/tmp/site/assets/deep'])).stdout,
      '/tmp/site:\nassets\nindex.html\n\n/tmp/site/assets/deep:\nbig.bin\nempty\n',
    );

    // pod → local: the tree comes back identical
    await ok(['cp', `${pod}:/tmp/site`, join(local, 'back')]);
    assert.deepEqual(snapshot(join(local, 'back')), snapshot(tree));
  } finally {
    rmSync(local, { recursive: true, force: true });
  }
}

/** Every file under `dir` (relative name → size and SHA-256 of its contents), directories as empty markers. */
function snapshot(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) Object.assign(out, { [`${prefix}${name}/`]: '' }, snapshot(p, `${prefix}${name}/`));
    else {
      const data = readFileSync(p);
      out[`${prefix}${name}`] = `${data.length} bytes, sha256 ${createHash('sha256').update(data).digest('hex')}`;
    }
  }
  return out;
}
