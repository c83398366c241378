// The real `infra` binary (node apps/cli/dist/main.js, or an installed `infra`), run as one person at their own
// computer: INFRA_HOME and KUBECONFIG in a temp dir of their own. Password prompts only appear on a terminal, so
// `terminal()` runs the CLI under `script(1)` (a pseudo-terminal) and answers each prompt when it shows up.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { BINARY } from '@infra/cli/testing';
import { kubectl, spawnKubectl, type KubectlProcess, type KubectlResult } from '@infra/kube-testing';
import type { KubeVersion } from '@infra/kube-testing';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A prompt to wait for and what to type at it. */
export type Answer = [prompt: RegExp, typed: string];

interface KubeconfigFile {
  contexts?: { name: string }[] | null;
  clusters?: { name: string }[] | null;
  users?: { name: string }[] | null;
  'current-context'?: string;
}

export class CliUser {
  readonly dir = mkdtempSync(join(tmpdir(), 'infra-cli-user-'));
  readonly home = join(this.dir, 'infra');
  readonly kubeconfig = join(this.dir, 'kube', 'config');

  /** `command`: how `infra` is run; the checkout's dist/main.js unless given (e.g. the path `npm install -g` made). */
  constructor(private readonly command: string[] = [process.execPath, BINARY]) {}

  get env(): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH, HOME: this.dir, INFRA_HOME: this.home, KUBECONFIG: this.kubeconfig };
  }

  /** Runs `infra <args>` with no terminal, as a script would. */
  infra(args: string[]): Promise<CliResult> {
    return new Promise((resolve) => {
      execFile(
        this.command[0],
        [...this.command.slice(1), ...args],
        { env: this.env, timeout: 60_000 },
        (err, stdout, stderr) => {
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
        },
      );
    });
  }

  /**
   * Runs `infra <args>` for a browser login (`--provider`): the URL the CLI prints goes to `browser`, which plays the
   * person at the identity provider and then follows the redirect to the CLI's callback on 127.0.0.1.
   */
  browserLogin(args: string[], browser: (url: string) => Promise<void>, timeoutMs = 30_000): Promise<CliResult> {
    return this.infraActingOn(args, /^ {2}(https?:\/\/\S+)$/m, browser, timeoutMs, {
      INFRA_LOGIN_CALLBACK_PORT: '0',
      BROWSER: 'none',
    });
  }

  /** Runs `infra login --no-browser …`: the code it prints goes to `approve`, which plays the person elsewhere. */
  deviceLogin(args: string[], approve: (code: string) => Promise<void>, timeoutMs = 30_000): Promise<CliResult> {
    return this.infraActingOn(args, /enter the code:\n\n {4}([A-Z]{4}-[A-Z]{4})\n/, approve, timeoutMs);
  }

  /** `infra login --no-browser`, handing `approve` the approval page's address with the code in it, as printed. */
  deviceLoginByLink(args: string[], approve: (link: string) => Promise<void>, timeoutMs = 30_000): Promise<CliResult> {
    return this.infraActingOn(args, /Or open (\S+), or run/, approve, timeoutMs);
  }

  /** Runs `infra <args>`; when its stderr first matches `printed`, calls `act` with the first group while it runs. */
  private infraActingOn(
    args: string[],
    printed: RegExp,
    act: (found: string) => Promise<void>,
    timeoutMs: number,
    env: NodeJS.ProcessEnv = {},
  ): Promise<CliResult> {
    const child = spawn(this.command[0], [...this.command.slice(1), ...args], {
      env: { ...this.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let acted = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const found = printed.exec(stderr)?.[1];
      if (found && !acted) {
        acted = true;
        act(found).catch((e: Error) => (stderr += `\n(test: ${e.message})`));
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    return new Promise((resolve) =>
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? 1, stdout, stderr });
      }),
    );
  }

  /** Runs `infra <args>` on a pseudo-terminal, typing each answer once its prompt appears (in order). */
  terminal(args: string[], answers: Answer[], timeoutMs = 60_000): Promise<CliResult> {
    const command = [...this.command, ...args].map(shellQuote).join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: { ...this.env, TERM: 'dumb' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let seen = 0; // output already matched by earlier prompts
    const pending = [...answers];
    const onOutput = (d: Buffer) => {
      out += d.toString();
      const next = pending[0];
      const m = next && next[0].exec(out.slice(seen));
      if (!m) return;
      seen += m.index + m[0].length;
      pending.shift();
      child.stdin.write(`${next[1]}\r`);
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    child.stdin.on('error', () => {});
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    return new Promise((resolve) => {
      child.on('close', (code) => {
        clearTimeout(timer);
        // A terminal has one output stream: stdout carries it all.
        resolve({
          code: code ?? 1,
          stdout: out.replace(/\r\n/g, '\n'),
          stderr: pending.length ? `unanswered prompts: ${pending.map((p) => p[0]).join(', ')}` : '',
        });
      });
    });
  }

  kubectl(args: string[], version: KubeVersion = 'v35', env: Record<string, string> = {}): Promise<KubectlResult> {
    return kubectl(args, { kubeconfig: this.kubeconfig, version, env });
  }

  spawnKubectl(args: string[], version: KubeVersion = 'v35', env: Record<string, string> = {}): KubectlProcess {
    return spawnKubectl(args, { kubeconfig: this.kubeconfig, version, env });
  }

  /** Puts a kubeconfig entry Infra does not manage in place, as another tool would have. */
  writeForeignContext(name: string, server: string): void {
    mkdirSync(dirname(this.kubeconfig), { recursive: true });
    writeFileSync(
      this.kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name, cluster: { server } }],
        users: [{ name, user: { token: 'not-infra' } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        'current-context': name,
      }),
    );
  }

  /** The session key `infra login` stored (what the exec plugin trades for tokens). */
  session(): string {
    const config = JSON.parse(readFileSync(join(this.home, 'config.json'), 'utf8')) as {
      current?: string;
      servers: { url: string; session?: { accessKey: string } }[];
    };
    const key = config.servers.find((s) => s.url === config.current)?.session?.accessKey;
    if (!key) throw new Error('no session in the CLI config');
    return key;
  }

  /** The names in the kubeconfig file, by section. */
  kubeconfigNames(): { contexts: string[]; clusters: string[]; users: string[]; current?: string } {
    const k = parse(readFileSync(this.kubeconfig, 'utf8')) as KubeconfigFile;
    const names = (l?: { name: string }[] | null) => (l ?? []).map((e) => e.name).sort();
    return {
      contexts: names(k.contexts),
      clusters: names(k.clusters),
      users: names(k.users),
      current: k['current-context'] || undefined,
    };
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
