// Keeps the list of the cluster's namespaces current (list + watch through a client-node informer, re-listing after
// errors) and reports the full list whenever it changes; the stream sends it to the server as NamespacesChanged.
import { CoreV1Api, makeInformer, type Informer, type KubeConfig, type ObjectCache, type V1Namespace } from '@kubernetes/client-node';
import type { Logger } from '../log.js';

export class NamespaceWatch {
  private readonly informer: Informer<V1Namespace> & ObjectCache<V1Namespace>;
  private last = '';
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    kc: KubeConfig,
    private readonly onChange: (namespaces: string[]) => void,
    private readonly logger: Logger,
    private readonly retryMs = 5_000,
  ) {
    const api = kc.makeApiClient(CoreV1Api);
    this.informer = makeInformer(kc, '/api/v1/namespaces', () => api.listNamespace());
    for (const verb of ['add', 'update', 'delete'] as const) this.informer.on(verb, () => this.publish());
    this.informer.on('connect', () => this.publish());
    this.informer.on('error', (err) => {
      if (this.stopped) return;
      this.logger.warn('namespace watch failed; listing again soon', { error: String((err as Error)?.message ?? err) });
      this.scheduleRestart();
    });
  }

  /** Starts listing and watching; failures are logged and retried, so this never rejects. */
  async start(): Promise<void> {
    this.stopped = false;
    try {
      await this.informer.start();
      this.publish();
    } catch (e) {
      this.logger.warn('namespace watch could not start; retrying soon', { error: (e as Error).message });
      this.scheduleRestart();
    }
  }

  private scheduleRestart(): void {
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      if (!this.stopped) void this.start();
    }, this.retryMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.informer.stop();
  }

  private publish(): void {
    const names = this.informer
      .list()
      .map((n) => n.metadata?.name ?? '')
      .filter(Boolean)
      .sort();
    const text = names.join(',');
    if (text === this.last) return;
    this.last = text;
    this.onChange(names);
  }
}
