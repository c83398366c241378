// Runs the real helm binaries (helm 4 from the v35 layer, helm 3.17 from v32) on the charts in deploy/charts,
// each in its own throw-away HELM_* home so tests never read or write the user's helm configuration.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';
import { k8sBinaries, type KubeVersion } from '@infra/kube-testing';
import type { KubeObject } from './objects.js';

export type ChartName = 'connector' | 'server';

/** Release names the tests install under (the README's examples). All objects go to namespace `infra`. */
export const RELEASE: Record<ChartName, string> = { connector: 'infra-connector', server: 'infra' };

export const HELM_VERSIONS: readonly { layer: KubeVersion; label: string }[] = [
  { layer: 'v35', label: 'helm 4' },
  { layer: 'v32', label: 'helm 3' },
];

/** A PEM-shaped certificate for values that want one (the chart only stores and mounts it). */
export const FAKE_CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

export function chartDir(chart: ChartName): string {
  return fileURLToPath(new URL(`../../../deploy/charts/${chart}`, import.meta.url));
}

/** The least each chart needs to render (its ci/minimal-values.yaml). */
export function minimalValuesFile(chart: ChartName): string {
  return join(chartDir(chart), 'ci', 'minimal-values.yaml');
}

/** A production install's values (its ci/production-values.yaml): complete on their own. */
export function productionValuesFile(chart: ChartName): string {
  return join(chartDir(chart), 'ci', 'production-values.yaml');
}

export interface HelmResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface RenderOptions {
  /** Values layered over ci/minimal-values.yaml, as helm layers -f files. */
  values?: object;
  /** Leave out ci/minimal-values.yaml (render the chart's bare defaults). */
  bare?: boolean;
  release?: string;
  namespace?: string;
}

export class Helm {
  private readonly home = mkdtempSync(join(tmpdir(), 'infra-helm-'));
  private files = 0;
  readonly binary: string;

  constructor(readonly layer: KubeVersion) {
    this.binary = k8sBinaries(layer).helm;
  }

  run(args: string[]): HelmResult {
    const r = spawnSync(this.binary, args, { env: this.env(), encoding: 'utf8', timeout: 60_000 });
    if (r.error) throw r.error;
    return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
  }

  /** As run, without blocking the event loop: for commands that talk to a test API server in this process. */
  runAsync(args: string[]): Promise<HelmResult> {
    return new Promise((resolve) => {
      execFile(this.binary, args, { env: this.env(), encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ status, stdout, stderr: stderr || (error && status !== 0 && !stderr ? error.message : stderr) });
      });
    });
  }

  /** `helm lint --strict`: warnings fail too. */
  lint(chart: ChartName, opts: RenderOptions = {}): HelmResult {
    return this.run(['lint', '--strict', chartDir(chart), ...this.valueArgs(chart, opts)]);
  }

  /** `helm template`; the result keeps helm's output so a test can check a failure's message. */
  template(chart: ChartName, opts: RenderOptions = {}): HelmResult {
    const release = opts.release ?? RELEASE[chart];
    const namespace = opts.namespace ?? 'infra';
    return this.run(['template', release, chartDir(chart), '--namespace', namespace, ...this.valueArgs(chart, opts)]);
  }

  /** Renders and parses; throws with helm's message when helm refuses. */
  render(chart: ChartName, opts: RenderOptions = {}): KubeObject[] {
    const r = this.template(chart, opts);
    if (r.status !== 0) throw new Error(`helm template ${chart} failed: ${r.stderr}`);
    return parseManifests(r.stdout);
  }

  /** The rendered NOTES.txt, from a client-side dry-run install (helm 4 only: helm 3 wants a cluster for it). */
  notes(chart: ChartName, opts: RenderOptions = {}): string {
    const release = opts.release ?? RELEASE[chart];
    const namespace = opts.namespace ?? 'infra';
    const args = ['install', release, chartDir(chart), '--dry-run=client', '--namespace', namespace];
    const r = this.run([...args, ...this.valueArgs(chart, opts)]);
    if (r.status !== 0) throw new Error(`helm install --dry-run ${chart} failed: ${r.stderr}`);
    const at = r.stdout.indexOf('NOTES:\n');
    if (at < 0) throw new Error(`helm printed no NOTES for ${chart}`);
    return r.stdout.slice(at + 'NOTES:\n'.length);
  }

  /** `helm install` into the cluster of `kubeconfig` with the chart's production values, the release's namespace made. */
  install(
    chart: ChartName,
    kubeconfig: string,
    opts: { release?: string; namespace?: string } = {},
  ): Promise<HelmResult> {
    const release = opts.release ?? RELEASE[chart];
    const namespace = opts.namespace ?? 'infra';
    const args = ['install', release, chartDir(chart), '--namespace', namespace, '--create-namespace'];
    return this.runAsync([...args, '--kubeconfig', kubeconfig, '-f', productionValuesFile(chart)]);
  }

  close(): void {
    rmSync(this.home, { recursive: true, force: true });
  }

  private env(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH ?? '',
      HOME: this.home,
      HELM_CACHE_HOME: join(this.home, 'cache'),
      HELM_CONFIG_HOME: join(this.home, 'config'),
      HELM_DATA_HOME: join(this.home, 'data'),
      KUBECONFIG: join(this.home, 'no-kubeconfig'),
    };
  }

  private valueArgs(chart: ChartName, opts: RenderOptions): string[] {
    const args = opts.bare ? [] : ['-f', minimalValuesFile(chart)];
    if (opts.values) {
      const file = join(this.home, `values-${++this.files}.yaml`);
      writeFileSync(file, stringify(opts.values));
      args.push('-f', file);
    }
    return args;
  }
}

export function parseManifests(text: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`rendered YAML does not parse: ${doc.errors[0].message}`);
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) objects.push(value as KubeObject);
  }
  return objects;
}

/** Starts a Helm before the enclosing describe block's tests and cleans it up after; call the result in tests. */
export function useHelm(layer: KubeVersion = 'v35'): () => Helm {
  let helm: Helm | undefined;
  before(() => {
    helm = new Helm(layer);
  });
  after(() => helm?.close());
  return () => {
    if (!helm) throw new Error('useHelm: helm is used outside a test');
    return helm;
  };
}
