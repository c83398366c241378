// Runs the real kubectl (1.35 or 1.32, from npm; never the system one) with a fresh HOME and
// KUBECACHEDIR per call, so discovery caches never leak between tests (k8s-wire §0).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { k8sBinaries, type KubeVersion } from './k8s-binaries.js';

export interface KubectlOptions {
  kubeconfig: string;
  version?: KubeVersion;
  env?: Record<string, string>;
  input?: string | Buffer;
  /** Kills kubectl after this long (default 60 s); the result then has code null. */
  timeoutMs?: number;
}

export interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface KubectlProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout+stderr match `re`; rejects when kubectl exits first or after timeoutMs. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
  write(data: string | Buffer): void;
  endInput(): void;
  /** SIGTERM (then SIGKILL) and wait for the exit. */
  stop(): Promise<KubectlResult>;
  exited: Promise<KubectlResult>;
}

/** Starts kubectl and returns a handle, for long-running commands (get -w, logs -f, port-forward). */
export function spawnKubectl(args: string[], opts: KubectlOptions): KubectlProcess {
  const home = mkdtempSync(join(tmpdir(), 'kubectl-home-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    KUBECACHEDIR: join(home, 'cache'),
    KUBECONFIG: opts.kubeconfig,
    ...opts.env,
  };
  const child = spawn(k8sBinaries(opts.version ?? 'v35').kubectl, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  child.stdout!.on('data', (d: Buffer) => ((out += d.toString()), notify()));
  child.stderr!.on('data', (d: Buffer) => ((err += d.toString()), notify()));
  child.stdin!.on('error', () => {});
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
  const exited = new Promise<KubectlResult>((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      rmSync(home, { recursive: true, force: true });
      notify();
      resolve({ code, stdout: out, stderr: err });
    });
  });
  let done = false;
  void exited.then(() => (done = true));
  if (opts.input !== undefined) child.stdin!.end(opts.input);

  return {
    child,
    exited,
    stdout: () => out,
    stderr: () => err,
    write: (d) => child.stdin!.write(d),
    endInput: () => child.stdin!.end(),
    waitFor(re, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = re.exec(out + err);
          if (m) finish(() => resolve(m[0]));
          else if (done)
            finish(() => reject(new Error(`kubectl exited before printing ${re}:\nstdout: ${out}\nstderr: ${err}`)));
        };
        const t = setTimeout(
          () => finish(() => reject(new Error(`timed out waiting for ${re}:\nstdout: ${out}\nstderr: ${err}`))),
          timeoutMs,
        );
        const finish = (f: () => void) => {
          clearTimeout(t);
          waiters.delete(check);
          f();
        };
        waiters.add(check);
        check();
      });
    },
    async stop() {
      if (!done) {
        child.kill('SIGTERM');
        const k = setTimeout(() => child.kill('SIGKILL'), 5000);
        const r = await exited;
        clearTimeout(k);
        return r;
      }
      return exited;
    },
  };
}

/** Runs kubectl to completion. */
export function kubectl(args: string[], opts: KubectlOptions): Promise<KubectlResult> {
  const p = spawnKubectl(args, { ...opts, input: opts.input ?? '' });
  return p.exited;
}
