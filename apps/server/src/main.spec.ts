// `npm start` with zero configuration: the real entry point in a child process, in an empty directory.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pgliteTemplateDir } from './testing/test-server.js';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), 'main.js');

/** Collects a child's stdout lines; waitFor() resolves on the first line (seen before or later) that matches. */
function lineReader(child: ChildProcess) {
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts);
    waiters.forEach((w) => w());
  });
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        for (const line of lines) {
          const m = pattern.exec(line);
          if (m) return resolve(m);
        }
      };
      waiters.push(check);
      child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${lines.join('\n')}`)));
      check();
    });
  return { lines, waitFor };
}

describe('npm start', function () {
  this.timeout(180_000);
  let dir: string;
  let child: ChildProcess | undefined;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'infra-main-'));
    // The embedded database's first initialisation is slow on a busy machine; start from an initialised copy.
    cpSync(await pgliteTemplateDir(), join(dir, '.infra-data', 'db'), { recursive: true });
  });
  after(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts with zero configuration and prints where it listens, the admin key and the TLS fingerprint', async () => {
    // Only the ports are set (a fixed port could be taken on a shared machine); everything else is default.
    const env = { PATH: process.env.PATH, INFRA_HTTP_PORT: '0', INFRA_GRPC_PORT: '0', INFRA_LOG_LEVEL: 'warn' };
    child = spawn(process.execPath, [MAIN], { cwd: dir, env, stdio: ['ignore', 'pipe', 'inherit'] });
    const output = lineReader(child);
    const url = (await output.waitFor(/^Infra server listening on (https:\/\/\S+)$/))[1]!;
    const key = (await output.waitFor(/^Admin access key \(shown once\): (\S+)$/))[1]!;
    const fingerprint = (await output.waitFor(/^TLS self-signed certificate SHA-256 fingerprint: (\S+)$/))[1]!;
    assert.match(fingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.equal(statSync(join(dir, '.infra-data', 'root.key')).mode & 0o777, 0o600);

    const status = await new Promise<number>((resolve, reject) => {
      https
        .get(
          `${url}/api/users/self`,
          { headers: { authorization: `Bearer ${key}` }, rejectUnauthorized: false },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        )
        .on('error', reject);
    });
    assert.equal(status, 200);
  });
});
