// Keeps the list of the cluster's namespaces current (list + watch, listing again when the watch's resourceVersion
// expires, retrying after errors) and reports the full list whenever it changes; the stream sends it to the server
// as NamespacesChanged.
import type { V1Namespace } from '@kubernetes/client-node';
import type { Logger } from '../log.js';
import { KubeClient } from './api-client.js';
import type { KubeCluster } from './cluster.js';
import { ListWatch } from './list-watch.js';

export class NamespaceWatch {
  private readonly client: KubeClient;
  private readonly watch: ListWatch<V1Namespace>;
  private last = '';

  constructor(
    cluster: KubeCluster,
    private readonly onChange: (namespaces: string[]) => void,
    private readonly logger: Logger,
    retryMs = 5_000,
  ) {
    this.client = new KubeClient(cluster);
    this.watch = new ListWatch<V1Namespace>(this.client, '/api/v1/namespaces', {
      onChange: () => this.publish(),
      onError: (error, retryInMs) => this.logger.warn({ err: error, retryInMs }, 'namespace watch failed; listing again soon'),
      backoff: { initialMs: Math.min(500, retryMs), maxMs: retryMs },
    });
  }

  /** Starts listing and watching; failures are logged and retried, so this never rejects. */
  async start(): Promise<void> {
    await this.watch.start();
  }

  async stop(): Promise<void> {
    this.watch.stop();
    this.client.close();
  }

  private publish(): void {
    const names = [...this.watch.items.values()]
      .map((n) => n.metadata?.name ?? '')
      .filter(Boolean)
      .sort();
    const text = names.join(',');
    if (text === this.last) return;
    this.last = text;
    this.onChange(names);
  }
}
