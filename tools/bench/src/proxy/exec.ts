// Exec byte throughput with the real kubectl: `kubectl exec POD -- head -c N /dev/zero`, its stdout counted (not
// kept) by the bench, timed from the first byte to the end of stdout so that kubectl's start, discovery and the
// upgrade handshake (the same on both paths) do not dilute the ratio.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { k8sBinaries } from '@infra/kube-testing';
import { nowMs } from '../lib/stats.js';

/** MB/s of `kubectl exec` streaming `bytes` zero bytes to its stdout, with this kubeconfig and environment. */
export async function execThroughput(
  kubeconfig: string,
  env: Record<string, string>,
  pod: string,
  bytes: number,
): Promise<number> {
  const home = mkdtempSync(join(tmpdir(), 'bench-kubectl-'));
  try {
    const child = spawn(
      k8sBinaries('v35').kubectl,
      ['exec', '-n', 'default', pod, '--', 'head', '-c', String(bytes), '/dev/zero'],
      {
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: home,
          KUBECACHEDIR: join(home, 'cache'),
          KUBECONFIG: kubeconfig,
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let got = 0;
    let first = 0;
    let last = 0;
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      if (got === 0) first = nowMs();
      got += d.length;
      last = nowMs();
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    clearTimeout(timer);
    if (code !== 0 || got !== bytes)
      throw new Error(`kubectl exec exited ${code} after ${got} of ${bytes} bytes: ${stderr}`);
    return bytes / 1e6 / ((last - first) / 1000);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
