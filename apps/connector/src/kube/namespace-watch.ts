// Keeps the list of the cluster's namespaces current with client-node's informer (list, then watch from the list's
// resourceVersion; a 410 Gone, as an answer or an ERROR event, lists again) and reports the full list whenever it
// changes; the stream sends it to the server as NamespacesChanged. The informer stops on any other error, so this
// starts it again after a backoff.
import { CoreV1Api, ListWatch, Watch, type KubeConfig, type V1Namespace } from '@kubernetes/client-node';
import { Backoff } from '../backoff.js';
import type { Logger } from '../log.js';
import { makeApiClient } from './api-client.js';

const PATH = '/api/v1/namespaces';

export class NamespaceWatch {
  private readonly informer: ListWatch<V1Namespace>;
  private readonly backoff: Backoff;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private last = '';
  private failed = false;

  constructor(
    kc: KubeConfig,
    private readonly onChange: (namespaces: string[]) => void,
    private readonly logger: Logger,
    retryMs = 5_000,
  ) {
    const core = makeApiClient(kc, CoreV1Api);
    this.informer = new ListWatch<V1Namespace>(PATH, bookmarkingWatch(kc), () => core.listNamespace(), false);
    this.backoff = new Backoff({ initialMs: Math.min(500, retryMs), maxMs: retryMs });
    for (const verb of ['add', 'update', 'delete'] as const) this.informer.on(verb, () => this.publish());
    this.informer.on('error', (error: Error) => this.retry(error));
  }

  /** Starts listing and watching; resolves after the first attempt; failures are logged and retried, never thrown. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.informer.start();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.informer.stop();
  }

  private retry(error: Error): void {
    if (!this.running) return;
    this.failed = true;
    const retryInMs = this.backoff.next();
    this.logger.warn({ err: error, retryInMs }, 'namespace watch failed; listing again soon');
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (!this.running) return;
      this.failed = false;
      // start() resolves once the watch is open or has failed (and reported it here again)
      void this.informer.start().then(() => {
        if (!this.failed) this.backoff.reset();
      });
    }, retryInMs);
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

/** client-node's Watch, asking for bookmarks: they move the resourceVersion on, so a resumed watch rarely gets 410. */
function bookmarkingWatch(kc: KubeConfig): Watch {
  const watch = new Watch(kc);
  const plain = watch.watch.bind(watch);
  watch.watch = (path, query, callback, done) => plain(path, { ...query, allowWatchBookmarks: true }, callback, done);
  return watch;
}
