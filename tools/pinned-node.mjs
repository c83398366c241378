// The project runs on Node 24 (package.json `engines`), fetched from the npm registry: `npm ci` installs
// the optional dependency node-linux-<cpu> (root package.json), a package that ships the node binary. The
// machine's own node may be older; it only has to run npm (package.json `devEngines`).
//
// runOnPinnedNode() makes the calling script run on that binary (re-executing it when started with another
// node) and puts the binary's directory first on PATH, so that every child (npx, tsc, nx, mocha, the apps'
// processes, kubectl exec plugins running `node …`) runs on it too.
import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { constants } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_MAJOR = 24;

const root = fileURLToPath(new URL('..', import.meta.url));

/** The fetched binary for this platform, or undefined where the registry has none (not linux x64/arm64). */
export function pinnedNode() {
  const bin = join(root, 'node_modules', `node-${process.platform}-${process.arch}`, 'bin', 'node');
  return existsSync(bin) ? realpathSync(bin) : undefined;
}

/** Resolves once this process runs on the pinned node; otherwise runs the script again on it and exits with its status. */
export async function runOnPinnedNode() {
  const pinned = pinnedNode();
  const current = realpathSync(process.execPath);
  const major = Number(process.versions.node.split('.')[0]);
  if (!pinned && major < NODE_MAJOR) {
    console.error(
      `Infra runs on Node ${NODE_MAJOR}; this is node ${process.version} and node_modules has no ` +
        `node-${process.platform}-${process.arch} (the registry ships linux x64 and arm64). Install Node ${NODE_MAJOR} and run again.`,
    );
    process.exit(1);
  }
  const node = pinned ?? current;
  process.env.PATH = [
    dirname(node),
    ...(process.env.PATH ?? '').split(delimiter).filter((p) => p && p !== dirname(node)),
  ].join(delimiter);
  if (node === current) return;

  const child = spawn(node, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: process.env });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  const [code, signal] = await new Promise((resolve) => child.once('exit', (c, s) => resolve([c, s])));
  process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
}
