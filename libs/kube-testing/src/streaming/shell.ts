// The simulated container: a handful of commands with real exit codes, enough to tell stdout from
// stderr, stdin from none, and success from failure. `sh -c` understands `;`, `&&`, `exit N` and `>&2`.
// Files live in memory per pod (pod-files.ts): `cat`, `ls`, `test`, `mkdir` and `tar` (for `kubectl cp`) use them.
import type { Readable } from 'node:stream';
import { FsError, type PodFiles } from './pod-files.js';
import { tar } from './tar.js';

export interface ExecIO {
  /** Present when the client asked for stdin; ends when the client closes it. */
  stdin?: Readable;
  stdout(data: Buffer | string): void;
  stderr(data: Buffer | string): void;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** Backpressure for commands that stream bytes: undefined when the transport has room, else when it will. */
  writable?(): Promise<void> | undefined;
}

export interface PodIdentity {
  namespace: string;
  pod: string;
  container: string;
  files: PodFiles;
}

type Command = (args: string[], io: ExecIO, pod: PodIdentity) => Promise<number> | number;

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

const COMMANDS: Record<string, Command> = {
  echo: (args, io) => {
    const noNewline = args[0] === '-n';
    io.stdout(`${(noNewline ? args.slice(1) : args).join(' ')}${noNewline ? '' : '\n'}`);
    return 0;
  },
  cat: async (args, io, pod) => {
    if (args.length) return eachPath('cat', args, io, (p) => io.stdout(pod.files.readFile(p)));
    if (io.stdin) for await (const chunk of io.stdin) io.stdout(chunk as Buffer);
    return 0;
  },
  ls: (args, io, pod) => {
    const paths = args.filter((a) => !a.startsWith('-'));
    let listed = 0;
    const code = eachPath(
      'ls',
      paths.length ? paths : ['.'],
      io,
      (p) => {
        const isFile = pod.files.get(p)?.type === 'file';
        const names = isFile ? [p] : pod.files.list(p);
        const heading = paths.length > 1 && !isFile ? `${listed++ ? '\n' : ''}${p}:\n` : ''; // several directories: each under its name
        io.stdout(heading + names.map((n) => `${n}\n`).join(''));
      },
      'cannot access ',
    );
    return code && 2;
  },
  test: (args, _io, pod) => {
    const [op, path] = args.length === 1 ? ['-n', args[0]] : args;
    const node = path === undefined ? undefined : pod.files.get(path);
    const tests: Record<string, boolean> = {
      '-e': !!node,
      '-f': node?.type === 'file',
      '-d': node?.type === 'dir',
      '-s': node?.type === 'file' && node.data.length > 0,
      '-n': !!path,
    };
    return tests[op ?? ''] ? 0 : 1;
  },
  mkdir: (args, io, pod) => {
    const parents = args.includes('-p');
    return eachPath(
      'mkdir',
      args.filter((a) => a !== '-p'),
      io,
      (p) => pod.files.mkdir(p, { parents }),
      'cannot create directory ',
    );
  },
  tar: (args, io, pod) => tar(args, io, pod.files),
  env: (_args, io, pod) => {
    io.stdout(
      `PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME=${pod.pod}\nPOD_NAMESPACE=${pod.namespace}\nCONTAINER=${pod.container}\nHOME=/root\n`,
    );
    return 0;
  },
  hostname: (_a, io, pod) => (io.stdout(`${pod.pod}\n`), 0),
  whoami: (_a, io) => (io.stdout('root\n'), 0),
  id: (_a, io) => (io.stdout('uid=0(root) gid=0(root) groups=0(root)\n'), 0),
  true: () => 0,
  false: () => 1,
  exit: (args) => {
    throw new Exit(Number(args[0] ?? 0));
  },
  sleep: (args, io) =>
    new Promise<number>((resolve) => {
      const t = setTimeout(() => resolve(0), Number(args[0] ?? 0) * 1000);
      io.signal.addEventListener('abort', () => (clearTimeout(t), resolve(137)), { once: true });
    }),
  head: (args, io) => head(args, io),
  sh: (args, io, pod) => shell(args, io, pod),
  bash: (args, io, pod) => shell(args, io, pod),
};
COMMANDS.printenv = COMMANDS.env;
COMMANDS['['] = (args, io, pod) => (args.at(-1) === ']' ? COMMANDS.test(args.slice(0, -1), io, pod) : 2);

/** Runs `f` on each path; a missing or wrong-kind path is reported as coreutils does, and makes the exit code 1. */
function eachPath(tool: string, paths: string[], io: ExecIO, f: (path: string) => void, what = ''): number {
  let code = 0;
  for (const p of paths) {
    try {
      f(p);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      io.stderr(`${tool}: ${what}${what ? `'${p}'` : p}: ${e.reason}\n`);
      code = 1;
    }
  }
  return code;
}

export async function runCommand(argv: string[], io: ExecIO, pod: PodIdentity): Promise<number> {
  try {
    return await run(argv, io, pod);
  } catch (e) {
    if (e instanceof Exit) return e.code;
    throw e;
  }
}

async function run(argv: string[], io: ExecIO, pod: PodIdentity): Promise<number> {
  const [name, ...args] = argv;
  const cmd = COMMANDS[(name ?? '').split('/').pop() ?? ''];
  if (!cmd) {
    io.stderr(`exec: "${name}": executable file not found in $PATH\n`);
    return 127;
  }
  return cmd(args, io, pod);
}

async function shell(args: string[], io: ExecIO, pod: PodIdentity): Promise<number> {
  if (args[0] !== '-c') return COMMANDS.cat([], io, pod); // an interactive shell just echoes
  let code = 0;
  for (const [sep, statement] of statements(args[1] ?? '')) {
    if (sep === '&&' && code !== 0) continue;
    let words = splitWords(statement);
    let target = io;
    if (words.at(-1) === '>&2' || words.at(-1) === '1>&2') {
      words = words.slice(0, -1);
      target = { ...io, stdout: io.stderr };
    }
    if (words.length) code = await run(words, target, pod);
  }
  return code;
}

const ZEROS = Buffer.alloc(256 * 1024);
const HEAD_UNITS: Record<string, number> = {
  '': 1,
  K: 1024,
  M: 1024 ** 2,
  G: 1024 ** 3,
  KB: 1000,
  MB: 1000 ** 2,
  GB: 1000 ** 3,
};

/** `head -c N /dev/zero`: N zero bytes as fast as the client reads them (the exec byte-throughput benchmark). */
async function head(args: string[], io: ExecIO): Promise<number> {
  const m = args[0] === '-c' ? /^(\d+)(K|M|G|KB|MB|GB)?$/.exec(args[1] ?? '') : null;
  if (!m || args[2] !== '/dev/zero' || args.length !== 3) {
    io.stderr('head: only "head -c N[K|M|G|KB|MB|GB] /dev/zero" is simulated\n');
    return 1;
  }
  let left = Number(m[1]) * HEAD_UNITS[m[2] ?? ''];
  while (left > 0 && !io.signal.aborted) {
    const n = Math.min(left, ZEROS.length);
    io.stdout(n === ZEROS.length ? ZEROS : ZEROS.subarray(0, n));
    left -= n;
    await io.writable?.();
  }
  return io.signal.aborted ? 137 : 0;
}

/** Splits on `;` and `&&` outside quotes, remembering the separator before each statement. */
function statements(script: string): [string, string][] {
  const out: [string, string][] = [];
  let cur = '';
  let sep = ';';
  let quote = '';
  for (let i = 0; i < script.length; i++) {
    const c = script[i];
    if (quote) {
      if (c === quote) quote = '';
      cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      cur += c;
    } else if (c === ';' || c === '\n' || (c === '&' && script[i + 1] === '&')) {
      out.push([sep, cur]);
      sep = c === '&' ? '&&' : ';';
      if (c === '&') i++;
      cur = '';
    } else cur += c;
  }
  out.push([sep, cur]);
  return out.filter(([, s]) => s.trim());
}

function splitWords(statement: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(statement); m; m = re.exec(statement)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** The error-channel Status (k8s-wire §5): Success, or NonZeroExitCode with the code as a cause. */
export function exitStatus(code: number, argv: string[]): Record<string, unknown> {
  if (code === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}
