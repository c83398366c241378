// `docker build --target <stage>` performed by hand, for a machine without a container engine: every stage is a
// directory standing for the image's root file system, absolute image paths map into it, RUN steps run with
// `sh -c` in the mapped WORKDIR on the host (with the repository's Node 24 first on PATH), and COPY copies from the
// build context (the repository filtered by the .dockerignore, with Docker's own matching rules) or from another
// stage's directory. Stages run once each, in parallel where they do not depend on each other, as BuildKit does.
// What is not modelled: the base image's own files (node comes from the host), and ownership is root's unless
// COPY --chown or a RUN says otherwise, as in Docker.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, lchownSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, posix } from 'node:path';
import { parseDockerfile, substitute, type Dockerfile, type Instruction, type Stage } from './dockerfile.js';

// CommonJS whose types claim an ES default export: require gives the factory itself.
const dockerignore = createRequire(import.meta.url)(
  '@balena/dockerignore',
) as typeof import('@balena/dockerignore').default;

export interface ImageConfig {
  env: Record<string, string>;
  workdir: string;
  user?: string;
  entrypoint: string[];
  cmd: string[];
}

export interface BuiltStage {
  name: string;
  root: string; // the directory that stands for the image's /
  config: ImageConfig;
}

export interface HandBuildOptions {
  repo: string; // the build context
  dockerfile: string;
  dockerignore: string;
  work: string; // an empty directory outside the repository (Node must not find the repository's node_modules)
  nodeBin: string; // directory of the node binary standing in for the base image's
  buildArgs?: Record<string, string>;
  /** Environment added to every RUN on the host only (e.g. npm_config_prefer_offline): not part of the image. */
  hostEnv?: Record<string, string>;
  log?: (line: string) => void;
}

export class HandBuild {
  readonly file: Dockerfile;
  private readonly stages = new Map<string, Promise<BuiltStage>>();
  private contextDir?: string;

  constructor(private readonly opts: HandBuildOptions) {
    this.file = parseDockerfile(readFileSync(opts.dockerfile, 'utf8'));
  }

  /** The stage named `target`, built with the stages it copies from (each once, however many targets need it). */
  stage(target: string): Promise<BuiltStage> {
    const stage = this.find(target);
    const key = stage.name ?? String(stage.index);
    let built = this.stages.get(key);
    if (!built) {
      built = this.build(stage);
      this.stages.set(key, built);
    }
    return built;
  }

  /** The build context: the repository as the .dockerignore lets it through (Docker's rules, exceptions included). */
  context(): string {
    if (this.contextDir) return this.contextDir;
    const patterns = readFileSync(this.opts.dockerignore, 'utf8').split('\n');
    const ignored = dockerignore().add(patterns);
    // An excluded directory is walked only when an exception (!pattern) may re-include something inside it.
    const exceptions = patterns
      .map((p) => p.trim())
      .filter((p) => p.startsWith('!'))
      .map((p) => p.slice(1).replace(/^\/+/, ''));
    const mayReinclude = (dir: string) => exceptions.some((p) => p.startsWith('**') || p.startsWith(`${dir}/`));
    const dest = join(this.opts.work, 'context');
    const walk = (rel: string): void => {
      for (const entry of readdirSync(join(this.opts.repo, rel), { withFileTypes: true })) {
        const path = rel ? `${rel}/${entry.name}` : entry.name;
        const skip = ignored.ignores(path);
        if (entry.isDirectory()) {
          if (!skip || mayReinclude(path)) walk(path);
        } else if (!skip) {
          mkdirSync(join(dest, rel), { recursive: true });
          cpSync(join(this.opts.repo, path), join(dest, path), { verbatimSymlinks: true });
        }
      }
    };
    mkdirSync(dest, { recursive: true });
    walk('');
    this.contextDir = dest;
    return dest;
  }

  private find(ref: string): Stage {
    const stage = this.file.stages.find((s) => s.name === ref.toLowerCase()) ?? this.file.stages[Number(ref)];
    if (!stage) throw new Error(`the Dockerfile has no stage "${ref}"`);
    return stage;
  }

  private async build(stage: Stage): Promise<BuiltStage> {
    const globals: Record<string, string | undefined> = {};
    for (const a of this.file.globalArgs) globals[a.name] = this.opts.buildArgs?.[a.name] ?? a.value;
    const base = substitute(stage.base, globals).toLowerCase();
    const name = stage.name ?? String(stage.index);
    const root = join(this.opts.work, 'stages', name);
    let config: ImageConfig;
    if (this.file.stages.some((s) => s.index < stage.index && s.name === base)) {
      const parent = await this.stage(base);
      cpSync(parent.root, root, { recursive: true, verbatimSymlinks: true });
      config = structuredClone(parent.config);
    } else {
      // An image from a registry: only its configuration that matters here (WORKDIR /, root) is modelled.
      mkdirSync(root, { recursive: true });
      config = { env: {}, workdir: '/', entrypoint: [], cmd: [] };
    }
    const args: Record<string, string | undefined> = {};
    const vars = () => ({ ...args, ...config.env });
    for (const step of stage.instructions) await this.perform(step, { root, config, args, globals, vars });
    return { name, root, config };
  }

  private async perform(
    step: Instruction,
    s: {
      root: string;
      config: ImageConfig;
      args: Record<string, string | undefined>;
      globals: Record<string, string | undefined>;
      vars: () => Record<string, string | undefined>;
    },
  ): Promise<void> {
    const { root, config } = s;
    switch (step.op) {
      case 'ARG':
        s.args[step.name] =
          this.opts.buildArgs?.[step.name] ??
          (step.value !== undefined ? substitute(step.value, s.vars()) : s.globals[step.name]);
        return;
      case 'ENV':
        for (const [k, v] of step.pairs) config.env[k] = substitute(v, s.vars());
        return;
      case 'WORKDIR':
        config.workdir = posix.resolve(config.workdir, substitute(step.path, s.vars()));
        mkdirSync(inImage(root, config.workdir), { recursive: true });
        return;
      case 'USER':
        config.user = substitute(step.user, s.vars());
        return;
      case 'ENTRYPOINT':
        config.entrypoint = step.argv;
        config.cmd = []; // as in Docker: a new ENTRYPOINT resets the CMD inherited from the base
        return;
      case 'CMD':
        config.cmd = step.argv;
        return;
      case 'COPY': {
        const from = step.from ? (await this.stage(step.from)).root : this.context(); // not timed: another stage
        return this.timed(step, root, () => this.copy(step, from, root, config, s.vars()));
      }
      case 'RUN':
        return this.timed(step, root, () => this.run(step, root, config, s.vars()));
    }
  }

  private async timed(step: Instruction, root: string, work: () => Promise<void> | void): Promise<void> {
    const started = Date.now();
    await work();
    const ms = Date.now() - started;
    if (ms > 1000) this.opts.log?.(`[${basename(root)}] line ${step.line} ${step.op} took ${(ms / 1000).toFixed(1)} s`);
  }

  private copy(
    step: Extract<Instruction, { op: 'COPY' }>,
    from: string,
    root: string,
    config: ImageConfig,
    vars: Record<string, string | undefined>,
  ): void {
    const dest = posix.resolve(config.workdir, substitute(step.dest, vars));
    for (const raw of step.sources) {
      const source = join(from, posix.resolve('/', substitute(raw, vars)));
      if (!existsSync(source)) {
        const where = step.from ? `stage "${step.from}"` : 'the build context (is it in the .dockerignore?)';
        throw new Error(`Dockerfile line ${step.line}: COPY ${raw}: no such file in ${where}`);
      }
      let target = inImage(root, dest);
      if (statSync(source).isDirectory()) {
        mkdirSync(target, { recursive: true });
      } else {
        if (step.dest.endsWith('/') || (existsSync(target) && statSync(target).isDirectory()))
          target = join(target, basename(source));
        mkdirSync(dirname(target), { recursive: true });
      }
      cpSync(source, target, { recursive: true, verbatimSymlinks: true, force: true });
      if (step.chown) chownTree(target, ...ids(step.chown));
    }
  }

  private run(
    step: Extract<Instruction, { op: 'RUN' }>,
    root: string,
    config: ImageConfig,
    vars: Record<string, string | undefined>,
  ): Promise<void> {
    const env: Record<string, string> = { ...(process.env as Record<string, string>), ...this.opts.hostEnv };
    for (const [k, v] of Object.entries(vars)) if (v !== undefined) env[k] = v;
    env.PATH = `${this.opts.nodeBin}:${process.env.PATH}`;
    const user = config.user ? ids(config.user) : undefined;
    const child = spawn('sh', ['-c', step.command], {
      cwd: inImage(root, config.workdir),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      uid: user?.[0],
      gid: user?.[1],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) resolve();
        else
          reject(
            new Error(`Dockerfile line ${step.line}: RUN exited with ${code}: ${step.command}\n${output.slice(-4000)}`),
          );
      });
    });
  }
}

/** An absolute path in the image, as a path on the host under the stage's root. */
export function inImage(root: string, path: string): string {
  return join(root, posix.resolve('/', path));
}

/** "1000:1000" or "1000" (numeric only: the base image's /etc/passwd is not modelled). */
export function ids(user: string): [number, number] {
  const m = /^(\d+)(?::(\d+))?$/.exec(user);
  if (!m) throw new Error(`USER/--chown "${user}" must be numeric uid[:gid] (the by-hand build has no /etc/passwd)`);
  return [Number(m[1]), Number(m[2] ?? m[1])];
}

function chownTree(path: string, uid: number, gid: number): void {
  lchownSync(path, uid, gid);
  if (lstatSync(path).isDirectory()) for (const entry of readdirSync(path)) chownTree(join(path, entry), uid, gid);
}
