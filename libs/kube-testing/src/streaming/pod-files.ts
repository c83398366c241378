// The simulated container's filesystem: a few directories and files in memory, per pod (a pod deleted and created
// again under the same name starts afresh), enough for `cat`, `ls`, `test`, `mkdir` and the `tar` that `kubectl cp`
// runs. Errors carry the errno text real tools print ("No such file or directory").
import { posix } from 'node:path';

export interface FileNode {
  type: 'file';
  data: Buffer;
  mode: number;
  mtime: number; // seconds since the epoch, as tar keeps it
}

export interface DirNode {
  type: 'dir';
  mode: number;
  mtime: number;
}

export type FsNode = FileNode | DirNode;

export class FsError extends Error {
  constructor(
    readonly path: string,
    readonly reason: 'No such file or directory' | 'Not a directory' | 'Is a directory' | 'File exists',
  ) {
    super(`${path}: ${reason}`);
  }
}

const now = () => Math.floor(Date.now() / 1000);

export class PodFiles {
  private readonly nodes = new Map<string, FsNode>([['/', { type: 'dir', mode: 0o755, mtime: now() }]]);

  constructor(hostname: string) {
    for (const dir of ['/etc', '/root', '/tmp', '/var', '/var/log']) this.mkdir(dir);
    this.writeFile('/etc/hostname', Buffer.from(`${hostname}\n`));
  }

  /** An absolute, normalised path ("/" for the root), `path` taken relative to `cwd`. */
  static resolve(path: string, cwd = '/'): string {
    return posix.resolve('/', cwd, path);
  }

  get(path: string): FsNode | undefined {
    return this.nodes.get(PodFiles.resolve(path));
  }

  readFile(path: string): Buffer {
    const node = this.get(path);
    if (!node) throw new FsError(path, 'No such file or directory');
    if (node.type === 'dir') throw new FsError(path, 'Is a directory');
    return node.data;
  }

  /** Creates or replaces a file; its directory must exist. */
  writeFile(path: string, data: Buffer, mode = 0o644, mtime = now()): void {
    const abs = PodFiles.resolve(path);
    this.parentDir(path, abs);
    if (this.nodes.get(abs)?.type === 'dir') throw new FsError(path, 'Is a directory');
    this.nodes.set(abs, { type: 'file', data, mode, mtime });
  }

  /** Creates a directory (and, with `parents`, the missing ones above it); an existing directory is fine with `parents`. */
  mkdir(path: string, opts: { parents?: boolean; mode?: number; mtime?: number } = {}): void {
    const abs = PodFiles.resolve(path);
    const existing = this.nodes.get(abs);
    if (existing) {
      if (existing.type === 'file') throw new FsError(path, 'File exists');
      if (!opts.parents) throw new FsError(path, 'File exists');
      return;
    }
    if (opts.parents && !this.nodes.has(posix.dirname(abs))) this.mkdir(posix.dirname(abs), { parents: true });
    this.parentDir(path, abs);
    this.nodes.set(abs, { type: 'dir', mode: opts.mode ?? 0o755, mtime: opts.mtime ?? now() });
  }

  /** The names in a directory, sorted. */
  list(path: string): string[] {
    const abs = PodFiles.resolve(path);
    const node = this.nodes.get(abs);
    if (!node) throw new FsError(path, 'No such file or directory');
    if (node.type === 'file') throw new FsError(path, 'Not a directory');
    const names: string[] = [];
    for (const p of this.nodes.keys()) if (p !== abs && posix.dirname(p) === abs) names.push(posix.basename(p));
    return names.sort();
  }

  /** The node at `path` and, for a directory, everything below it, parents before children. */
  walk(path: string): [string, FsNode][] {
    const abs = PodFiles.resolve(path);
    const node = this.nodes.get(abs);
    if (!node) throw new FsError(path, 'No such file or directory');
    const out: [string, FsNode][] = [[abs, node]];
    if (node.type === 'dir') for (const name of this.list(abs)) out.push(...this.walk(posix.join(abs, name)));
    return out;
  }

  private parentDir(path: string, abs: string): void {
    const parent = this.nodes.get(posix.dirname(abs));
    if (!parent) throw new FsError(path, 'No such file or directory');
    if (parent.type !== 'dir') throw new FsError(path, 'Not a directory');
  }
}

const filesByRuntime = new WeakMap<object, Map<string, PodFiles>>();

/** The filesystem of a pod (by uid) of one test server (`runtime`: anything that lives as long as it). */
export function podFiles(runtime: object, pod: { uid: string; name: string }): PodFiles {
  let pods = filesByRuntime.get(runtime);
  if (!pods) filesByRuntime.set(runtime, (pods = new Map()));
  let files = pods.get(pod.uid);
  if (!files) pods.set(pod.uid, (files = new PodFiles(pod.name)));
  return files;
}
