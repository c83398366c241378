// Runs the CLI in tests: in-process (with a scripted prompt and captured output) or as the real
// binary in a child process, always with INFRA_HOME and KUBECONFIG in a fresh temp dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ApiClient } from '../api.js';
import { ConfigStore } from '../config.js';
import type { Deps } from '../deps.js';
import { Output } from '../output.js';
import type { Prompt } from '../prompt.js';
import { run } from '../program.js';

export const BINARY = fileURLToPath(new URL('../main.js', import.meta.url));

export interface TestEnv {
  dir: string;
  home: string;
  kubeconfig: string;
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

export function tempEnv(): TestEnv {
  const dir = mkdtempSync(join(tmpdir(), 'infra-cli-'));
  const home = join(dir, 'infra');
  const kubeconfig = join(dir, 'kube', 'config');
  return {
    dir,
    home,
    kubeconfig,
    // Port 0 for the login callback: tests run side by side on a shared machine.
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      INFRA_HOME: home,
      KUBECONFIG: kubeconfig,
      INFRA_LOGIN_CALLBACK_PORT: '0',
      BROWSER: 'none',
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Answers questions in order; fails the test if asked more than scripted. */
export class ScriptedPrompt implements Prompt {
  readonly asked: string[] = [];
  constructor(private readonly answers: string[] = []) {}
  private next(q: string): string {
    this.asked.push(q);
    const a = this.answers.shift();
    if (a === undefined) throw new Error(`unexpected question: ${q}`);
    return a;
  }
  ask = async (q: string) => this.next(q);
  secret = async (q: string) => this.next(q);
  confirm = async (q: string) => /^y/i.test(this.next(q));
  /** The scripted answer is the text of the choice to pick. */
  select = async (q: string, choices: string[]) => {
    const answer = this.next(q);
    const i = choices.indexOf(answer);
    if (i < 0) throw new Error(`"${answer}" is not one of the choices of "${q}": ${choices.join(' | ')}`);
    return i;
  };
  /** A scripted prompt stands for a terminal when it has answers to give. */
  get interactive(): boolean {
    return this.answers.length > 0;
  }
}

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture {
  text = '';
  write(s: string) {
    this.text += s;
    return true;
  }
}

export interface RunOptions {
  answers?: string[];
  now?: Date;
  env?: NodeJS.ProcessEnv;
  /** Plays the browser for `infra login --provider` (sign in, then request the callback); none by default. */
  browser?: (url: string) => Promise<void>;
  api?: Deps['api'];
  /** What the CLI reads from standard input. */
  stdin?: string;
  /** Stands in for the wait between device-login polls; gets what the CLI has printed to stderr so far. */
  sleep?: (ms: number, stderr: () => string) => Promise<void>;
}

export async function runInProcess(
  t: TestEnv,
  argv: string[],
  opts: RunOptions = {},
): Promise<Result & { prompt: ScriptedPrompt }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const prompt = new ScriptedPrompt(opts.answers);
  const deps: Deps = {
    config: new ConfigStore(t.home),
    out: new Output(stdout, stderr, false),
    prompt,
    clock: () => opts.now ?? new Date(),
    env: { ...t.env, ...opts.env },
    version: '0.1.0',
    openBrowser: (url) => {
      if (!opts.browser) throw new Error(`the CLI opened a browser the test did not expect: ${url}`);
      void opts.browser(url).catch((e: Error) => stderr.write(`test browser: ${e.message}\n`));
    },
    readStdin: async () => {
      if (opts.stdin === undefined) throw new Error('the CLI read standard input, which the test did not give');
      return opts.stdin;
    },
    api: opts.api ?? ((target) => new ApiClient(target, 10_000)),
    sleep: (ms) => (opts.sleep ? opts.sleep(ms, () => stderr.text) : new Promise((resolve) => setTimeout(resolve, ms))),
  };
  const code = await run(deps, argv);
  return { code, stdout: stdout.text, stderr: stderr.text, prompt };
}

export function runBinary(t: TestEnv, argv: string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<Result> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BINARY, ...argv],
      { env: { ...t.env, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(input ?? '');
  });
}
