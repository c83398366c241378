// Parts of a benchmark that run in a process of their own (the upstream, the bare hop, the connector), so that
// their work does not queue behind the load client on one event loop. The parent passes one JSON input in an env
// variable; the child prints one JSON line once it is ready and stops on SIGTERM or when its stdin closes.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { runMain } from './env.js';

const INPUT = 'BENCH_CHILD_INPUT';

export interface ChildProcessHandle<T> {
  ready: T;
  pid: number;
  close(): Promise<void>;
}

/**
 * Starts `script` (a module using childMain) with `input` (and `env` added, and node `flags` before the script:
 * some V8 flags, such as --optimize-for-size, are refused in NODE_OPTIONS); resolves with the first line it prints.
 */
export async function startChild<T>(
  script: string,
  input: unknown,
  env: Record<string, string> = {},
  flags: string[] = [],
): Promise<ChildProcessHandle<T>> {
  // stdin stays open as a lifeline: the child stops when it closes, even if the bench dies without a word.
  // BENCH_CHILD_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the children, not NODE_OPTIONS.
  const nodeArgs = (process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...flags, script], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, ...env, [INPUT]: JSON.stringify(input) },
  });
  const exited = once(child, 'exit');
  try {
    const lines = createInterface({ input: child.stdout });
    const [first] = (await Promise.race([
      once(lines, 'line'),
      exited.then(() => {
        throw new Error(`${script} exited before it was ready`);
      }),
    ])) as [string];
    lines.close();
    return {
      ready: JSON.parse(first) as T,
      pid: child.pid!,
      async close() {
        if (child.exitCode === null) child.kill('SIGTERM');
        await exited;
      },
    };
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
}

/** The child's side: when `url`'s file is the entry point, serve(input), print what it returns, wait to stop. */
export function childMain<I, T>(url: string, serve: (input: I) => Promise<{ ready: T; close(): Promise<void> }>): void {
  runMain(url, async () => {
    const { ready, close } = await serve(JSON.parse(process.env[INPUT] ?? 'null') as I);
    process.stdout.write(JSON.stringify(ready) + '\n');
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.stdin.once('close', resolve).resume();
    });
    await close();
  });
}

export const scriptOf = (url: string): string => fileURLToPath(url);

/** CPU time (user + system, ms) a process has used so far, from /proc (10 ms resolution). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd on (comm may hold spaces)
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

const CLOCK_TICKS = 100; // sysconf(_SC_CLK_TCK) on Linux
