// A small ustar reader and writer, and the `tar` of the simulated container: `kubectl cp` runs `tar cf - <path>`
// to copy out of a pod and `tar -xmf - -C <dir>` (with --no-same-owner/--no-same-permissions for --no-preserve)
// to copy in, after `test -d <dest>`. The reader also takes what Go's archive/tar may write: PAX records ('x',
// for long or non-ASCII names) and GNU long names ('L').
import { posix } from 'node:path';
import { FsError, PodFiles } from './pod-files.js';

const BLOCK = 512;
const MAX_ARCHIVE = 64 * 1024 * 1024; // the test server keeps pods' files in memory

export interface TarEntry {
  name: string; // relative, directories without a trailing slash
  type: 'file' | 'dir' | 'other';
  mode: number;
  mtime: number;
  data: Buffer;
}

export class TarError extends Error {}

export function writeTar(entries: TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const name = e.type === 'dir' ? `${e.name}/` : e.name;
    const ustarName = splitName(name);
    if (!ustarName) blocks.push(...record('././@PaxHeader', 'x', 0o644, e.mtime, paxRecord('path', name)));
    blocks.push(
      ...record(
        ustarName ?? ['', name.slice(0, 99)],
        e.type === 'dir' ? '5' : '0',
        e.mode,
        e.mtime,
        e.type === 'dir' ? Buffer.alloc(0) : e.data,
      ),
    );
  }
  blocks.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(blocks);
}

export function readTar(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let longName: string | undefined;
  for (let at = 0; at + BLOCK <= archive.length;) {
    const h = archive.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) break; // end of archive
    if (checksum(h) !== octal(h, 148, 8)) throw new TarError('This does not look like a tar archive');
    const size = octal(h, 124, 12);
    const data = archive.subarray(at + BLOCK, at + BLOCK + size);
    if (data.length < size) throw new TarError('Unexpected EOF in archive');
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    const flag = String.fromCharCode(h[156] || 0x30);
    if (flag === 'x') longName = parsePax(data).get('path') ?? longName;
    else if (flag === 'L') longName = data.toString('utf8').replace(/\0+$/, '');
    else if (flag !== 'g') {
      const prefix = h[345] && h.toString('latin1', 257, 262) === 'ustar' ? cString(h, 345, 155) : '';
      const name = longName ?? (prefix ? `${prefix}/${cString(h, 0, 100)}` : cString(h, 0, 100));
      longName = undefined;
      const type = flag === '0' || flag === '7' ? 'file' : flag === '5' ? 'dir' : 'other';
      entries.push({ name: name.replace(/\/+$/, ''), type, mode: octal(h, 100, 8), mtime: octal(h, 136, 12), data });
    }
  }
  return entries;
}

/** The ustar [prefix, name] for a path, or undefined when it fits neither way (then a PAX record carries it). */
function splitName(name: string): [string, string] | undefined {
  if (Buffer.byteLength(name) !== name.length) return undefined; // not ASCII
  if (name.length <= 100) return ['', name];
  for (let i = name.lastIndexOf('/', 155); i > 0; i = name.lastIndexOf('/', i - 1)) {
    if (name.length - i - 1 <= 100) return [name.slice(0, i), name.slice(i + 1)];
  }
  return undefined;
}

function record(name: string | [string, string], flag: string, mode: number, mtime: number, data: Buffer): Buffer[] {
  const [prefix, base] = typeof name === 'string' ? ['', name] : name;
  const h = Buffer.alloc(BLOCK);
  h.write(base, 0, 100, 'utf8');
  writeOctal(h, 100, 8, mode & 0o7777);
  writeOctal(h, 108, 8, 0); // uid
  writeOctal(h, 116, 8, 0); // gid
  writeOctal(h, 124, 12, data.length);
  writeOctal(h, 136, 12, mtime);
  h.write(flag, 156, 'latin1');
  h.write('ustar\x0000', 257, 'latin1');
  h.write('root', 265, 'latin1');
  h.write('root', 297, 'latin1');
  h.write(prefix, 345, 155, 'utf8');
  h.write(`${checksum(h).toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  const padding = Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK);
  return [h, data, padding];
}

/** Sum of the header's bytes with the checksum field counted as spaces. */
function checksum(h: Buffer): number {
  let sum = 8 * 0x20;
  for (let i = 0; i < BLOCK; i++) if (i < 148 || i >= 156) sum += h[i];
  return sum;
}

function writeOctal(h: Buffer, at: number, width: number, value: number): void {
  h.write(`${value.toString(8).padStart(width - 1, '0')}\0`, at, width, 'latin1');
}

function octal(h: Buffer, at: number, width: number): number {
  if (h[at] & 0x80) return Number(h.readBigUInt64BE(at + width - 8)); // GNU base-256 for large values
  const text = h
    .toString('latin1', at, at + width)
    .replace(/[\0 ]+/g, ' ')
    .trim();
  return text ? parseInt(text, 8) : 0;
}

function cString(h: Buffer, at: number, width: number): string {
  const end = h.indexOf(0, at);
  return h.toString('utf8', at, end < 0 || end > at + width ? at + width : end);
}

/** "<length> <key>=<value>\n", where the length counts itself. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body);
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return Buffer.from(`${len}${body}`);
}

function parsePax(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  for (let at = 0; at < data.length;) {
    const space = data.indexOf(0x20, at);
    const len = Number(data.toString('latin1', at, space));
    if (space < 0 || !Number.isInteger(len) || len <= 0) throw new TarError('Malformed extended header');
    const rec = data.toString('utf8', space + 1, at + len - 1);
    const eq = rec.indexOf('=');
    out.set(rec.slice(0, eq), rec.slice(eq + 1));
    at += len;
  }
  return out;
}

export interface TarIO {
  stdin?: AsyncIterable<unknown>;
  stdout(data: Buffer | string): void;
  stderr(data: Buffer | string): void;
}

/** `tar` with c, x or t, f - (only standard input and output), -C dir; other letters (v, m, p, o) are accepted and ignored. */
export async function tar(args: string[], io: TarIO, files: PodFiles): Promise<number> {
  const fail = (message: string, code = 2) => (io.stderr(`tar: ${message}\n`), code);
  const opts = parseArgs(args);
  if (typeof opts === 'string') return fail(`${opts}\nTry 'tar --help' for more information.`, 64);
  if (opts.archive !== '-')
    return fail(`${opts.archive ?? 'an archive'}: only '-' (standard input or output) is supported here`);
  const cwd = PodFiles.resolve(opts.dir);
  try {
    if (files.get(cwd)?.type !== 'dir')
      throw new FsError(opts.dir, files.get(cwd) ? 'Not a directory' : 'No such file or directory');
    if (opts.mode === 'c') return create(opts.paths, cwd, io, files, fail);
    const archive = await readAll(io.stdin);
    if (archive.length === 0) return fail('This does not look like a tar archive');
    const entries = readTar(archive);
    if (opts.mode === 't') io.stdout(entries.map((e) => `${e.name}${e.type === 'dir' ? '/' : ''}\n`).join(''));
    else if (!extract(entries, cwd, files, fail)) return fail('Exiting with failure status due to previous errors');
    return 0;
  } catch (e) {
    if (e instanceof FsError) return fail(`${e.path}: Cannot open: ${e.reason}`);
    if (e instanceof TarError) return fail(e.message);
    throw e;
  }
}

function parseArgs(args: string[]): { mode: 'c' | 'x' | 't'; archive?: string; dir: string; paths: string[] } | string {
  let mode: 'c' | 'x' | 't' | undefined;
  let archive: string | undefined;
  let dir = '/';
  const paths: string[] = [];
  const wanting: ('f' | 'C')[] = []; // letters whose argument comes next
  // The first word may be an old-style bundle without a dash: `tar cf - /etc`.
  const words = args[0] && !args[0].startsWith('-') ? [`-${args[0]}`, ...args.slice(1)] : args;
  for (const w of words) {
    if (w.startsWith('--')) {
      if (!['--no-same-owner', '--no-same-permissions', '--same-owner', '--preserve-permissions'].includes(w))
        return `unrecognized option '${w}'`;
    } else if (w.startsWith('-') && w.length > 1) {
      for (const letter of w.slice(1)) {
        if (letter === 'c' || letter === 'x' || letter === 't') mode = letter;
        else if (letter === 'f' || letter === 'C') wanting.push(letter);
        else if (!'vmpo'.includes(letter)) return `invalid option -- '${letter}'`;
      }
    } else {
      const want = wanting.shift();
      if (want === 'f') archive = w;
      else if (want === 'C') dir = w;
      else paths.push(w);
    }
  }
  if (wanting.length) return `option requires an argument -- '${wanting[0]}'`;
  if (!mode) return "You must specify one of the '-Acdtrux', '--delete' or '--test-label' options";
  if (mode === 'c' && !paths.length) return 'Cowardly refusing to create an empty archive';
  return { mode, archive, dir, paths };
}

function create(paths: string[], cwd: string, io: TarIO, files: PodFiles, fail: (m: string) => number): number {
  const entries: TarEntry[] = [];
  let failed = false;
  if (paths.some((p) => p.startsWith('/'))) io.stderr("tar: Removing leading `/' from member names\n");
  for (const p of paths) {
    let found: ReturnType<PodFiles['walk']>;
    try {
      found = files.walk(PodFiles.resolve(p, cwd));
    } catch {
      fail(`${p}: Cannot stat: No such file or directory`);
      failed = true;
      continue;
    }
    const base = p.replace(/^\/+/, '').replace(/\/+$/, '') || '.';
    const root = found[0][0];
    for (const [abs, node] of found) {
      const name = abs === root ? base : posix.join(base, posix.relative(root, abs));
      entries.push({
        name,
        type: node.type,
        mode: node.mode,
        mtime: node.mtime,
        data: node.type === 'file' ? node.data : Buffer.alloc(0),
      });
    }
  }
  io.stdout(writeTar(entries));
  return failed ? fail('Exiting with failure status due to previous errors') : 0;
}

/** Writes the entries under `cwd`; false when some were refused. */
function extract(entries: TarEntry[], cwd: string, files: PodFiles, fail: (m: string) => number): boolean {
  let ok = true;
  for (const e of entries) {
    const name = e.name.replace(/^\/+/, '');
    if (name.split('/').includes('..')) {
      fail(`${e.name}: Member name contains '..'`);
      ok = false;
      continue;
    }
    const target = posix.join(cwd, name);
    const parent = posix.dirname(target);
    if (files.get(parent)?.type !== 'dir') files.mkdir(parent, { parents: true }); // GNU tar makes missing parents
    if (e.type === 'dir') files.mkdir(target, { parents: true, mode: e.mode, mtime: e.mtime });
    else if (e.type === 'file') files.writeFile(target, e.data, e.mode, e.mtime);
    else fail(`${e.name}: only files and directories are supported here; skipped`);
  }
  return ok;
}

async function readAll(stdin: AsyncIterable<unknown> | undefined): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin ?? []) {
    size += (chunk as Buffer).length;
    if (size > MAX_ARCHIVE) throw new TarError(`archive larger than ${MAX_ARCHIVE} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
