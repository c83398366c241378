// Pins the images' base (deploy/docker/Dockerfile `ARG NODE_IMAGE=node:<tag>`) by digest, where a registry is at hand:
//
//   node tools/pin-base-image.mjs           # asks the registry for the tag's digest and writes `node:<tag>@sha256:…`
//   node tools/pin-base-image.mjs --check   # exits 1 unless the base is pinned (for a release pipeline)
//
// The digest is the multi-platform index's (Docker-Content-Digest of a HEAD on the manifest, which Docker Hub does not
// count against its pull limit), so one pin serves amd64 and arm64 builds. It speaks the registry API v2 with its
// bearer-token handshake (a 401 naming the token service, then the token). INFRA_REGISTRY_URL replaces the registry's
// address (a mirror, or the tests' local registry); --dockerfile another file.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
const MAX_ATTEMPTS = 3;
const MAX_RETRY_AFTER_S = 30;
const ARG_LINE = /^ARG NODE_IMAGE=(\S+)$/m;

class PinError extends Error {}

/** `node:24-slim` → Docker Hub's library/node; `mirror.example/library/node:tag` → that host. */
export function parseReference(ref) {
  const m =
    /^(?:(?<host>[^/]+[.:][^/]*)\/)?(?<repo>[a-z0-9._/-]+):(?<tag>[\w][\w.-]{0,127})(?:@(?<digest>sha256:[0-9a-f]{64}))?$/.exec(
      ref,
    );
  if (!m?.groups)
    throw new PinError(`NODE_IMAGE=${ref} is not an image reference of the form [host/]name:tag[@sha256:…]`);
  const { host, repo, tag, digest } = m.groups;
  const hub = !host || host === 'docker.io';
  return {
    registry: hub ? 'https://registry-1.docker.io' : `https://${host}`,
    repo: hub && !repo.includes('/') ? `library/${repo}` : repo,
    name: `${host ? `${host}/` : ''}${repo}:${tag}`,
    tag,
    digest,
  };
}

async function request(url, init, what, attempts = MAX_ATTEMPTS) {
  for (let attempt = 1; ; attempt++) {
    let res;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
    } catch (e) {
      throw new PinError(`${what}: ${url.origin} did not answer (${e.cause?.code ?? e.message})`);
    }
    if (res.status !== 429 || attempt >= attempts) return res;
    const after = Number(res.headers.get('retry-after') ?? NaN);
    const wait = Number.isFinite(after) && after >= 0 ? Math.min(after, MAX_RETRY_AFTER_S) : 1;
    console.error(`${what}: the registry is throttling (429); trying again in ${wait} s`);
    await new Promise((r) => setTimeout(r, wait * 1000));
  }
}

/** The token the registry's 401 asks for (`WWW-Authenticate: Bearer realm=…,service=…,scope=…`). */
async function bearerToken(challenge, what) {
  const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  if (!/^Bearer /i.test(challenge) || !params.realm)
    throw new PinError(`${what}: the registry asks for authentication this tool does not speak (${challenge})`);
  const url = new URL(params.realm);
  for (const key of ['service', 'scope']) if (params[key]) url.searchParams.set(key, params[key]);
  const res = await request(url, {}, what);
  if (!res.ok) throw new PinError(`${what}: the token service answered HTTP ${res.status}`);
  const body = await res.json().catch(() => ({}));
  const token = body.token ?? body.access_token;
  if (typeof token !== 'string' || !token) throw new PinError(`${what}: the token service's answer has no token`);
  return token;
}

async function registryError(res) {
  const body = await res.json().catch(() => undefined);
  const first = body?.errors?.[0];
  return first ? `${first.code}: ${first.message}` : `HTTP ${res.status}`;
}

export async function resolveDigest(ref, registryOverride) {
  const what = `resolving ${ref.name}`;
  const url = new URL(`/v2/${ref.repo}/manifests/${ref.tag}`, registryOverride ?? ref.registry);
  let init = { method: 'HEAD', headers: { accept: ACCEPT } };
  let res = await request(url, init, what);
  if (res.status === 401) {
    const token = await bearerToken(res.headers.get('www-authenticate') ?? '', what);
    init = { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } };
    res = await request(url, init, what);
  }
  if (res.status === 404) throw new PinError(`${what}: the registry has no such tag`);
  if (!res.ok) {
    // HEAD carries no body: ask again with GET for the registry's own error message.
    const detail = await registryError(await request(url, { ...init, method: 'GET' }, what, 1));
    throw new PinError(`${what}: ${detail}`);
  }
  const digest = res.headers.get('docker-content-digest') ?? '';
  if (!/^sha256:[0-9a-f]{64}$/.test(digest))
    throw new PinError(`${what}: the registry's answer has no sha256 Docker-Content-Digest (${digest || 'none'})`);
  return digest;
}

async function main() {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean' },
      dockerfile: { type: 'string', default: fileURLToPath(new URL('../deploy/docker/Dockerfile', import.meta.url)) },
    },
  });
  const text = readFileSync(values.dockerfile, 'utf8');
  const line = ARG_LINE.exec(text);
  if (!line) throw new PinError(`${values.dockerfile} has no \`ARG NODE_IMAGE=\` line`);
  const ref = parseReference(line[1]);
  if (values.check) {
    if (!ref.digest)
      throw new PinError(`NODE_IMAGE=${line[1]} is not pinned by digest: run node tools/pin-base-image.mjs`);
    console.log(`NODE_IMAGE=${line[1]} is pinned`);
    return;
  }
  const digest = await resolveDigest(ref, process.env.INFRA_REGISTRY_URL || undefined);
  const pinned = `${ref.name}@${digest}`;
  writeFileSync(values.dockerfile, text.replace(ARG_LINE, `ARG NODE_IMAGE=${pinned}`));
  console.log(ref.digest === digest ? `NODE_IMAGE=${pinned} (unchanged)` : `NODE_IMAGE=${pinned}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e instanceof PinError ? e.message : e);
    process.exit(1);
  });
}
