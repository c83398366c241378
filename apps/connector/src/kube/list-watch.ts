// Keeps a local copy of one collection current: list, then watch from the list's resourceVersion (chunked JSON
// lines), following bookmarks. A watch that ends is resumed from the last resourceVersion seen; 410 Gone (as an
// answer or as an ERROR event) means that version is too old, so the collection is listed again. Other failures are
// reported and retried with exponential backoff.
import type { IncomingMessage } from 'node:http';
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { Backoff } from '../backoff.js';
import { KubeApiError, type KubeClient } from './api-client.js';

export interface KubeObject {
  metadata?: V1ObjectMeta;
}

interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

export interface ListWatchOptions {
  /** Called after the first list and after every change to `items`. */
  onChange: () => void;
  /** Called for each failure before retrying after `retryInMs`. */
  onError: (error: Error, retryInMs: number) => void;
  backoff?: { initialMs: number; maxMs: number };
  /** Asks the API server to end each watch after this long (it is then resumed), as client-go's reflector does. */
  watchSeconds?: number;
}

export class ListWatch<T extends KubeObject> {
  /** The collection, by namespace/name. */
  readonly items = new Map<string, T>();
  private resourceVersion: string | undefined;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private current: { destroy(): void } | undefined;
  private readonly backoff: Backoff;
  /** A watch that stayed open this long worked: the backoff starts afresh. */
  private readonly healthyAfterMs: number;

  constructor(
    private readonly client: KubeClient,
    private readonly path: string,
    private readonly o: ListWatchOptions,
  ) {
    const backoff = o.backoff ?? { initialMs: 500, maxMs: 5_000 };
    this.backoff = new Backoff(backoff);
    this.healthyAfterMs = backoff.maxMs;
  }

  /** Resolves after the first list attempt; failures are reported through onError and retried, never thrown. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.cycle();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.current?.destroy();
    this.current = undefined;
  }

  /** One list (when there is no usable resourceVersion) and then a watch, which runs on in the background. */
  private async cycle(): Promise<void> {
    try {
      if (this.resourceVersion === undefined) await this.list();
      if (!this.running) return;
      await this.watch();
    } catch (e) {
      this.fail(e as Error);
    }
  }

  private async list(): Promise<void> {
    const list = await this.client.list<T>(this.path);
    this.items.clear();
    for (const item of list.items) this.items.set(keyOf(item), item);
    this.resourceVersion = list.metadata?.resourceVersion ?? '';
    if (this.running) this.o.onChange();
  }

  private async watch(): Promise<void> {
    const query = { watch: 'true', allowWatchBookmarks: 'true', resourceVersion: this.resourceVersion || undefined, timeoutSeconds: String(this.o.watchSeconds ?? 300 + Math.floor(Math.random() * 300)) };
    const { request, response } = await this.client.stream(this.path, query);
    if (!this.running) return void request.destroy();
    this.current = request;
    const openedAt = Date.now();
    const settled = () => {
      if (this.current === request) this.current = undefined;
      if (Date.now() - openedAt >= this.healthyAfterMs) this.backoff.reset();
    };
    this.read(response).then(
      (ended) => {
        const quick = Date.now() - openedAt < 1_000;
        settled();
        if (!ended || !this.running) return;
        // The server ended the watch (its timeout): resume from where it ended; at once unless it keeps doing so.
        if (quick) this.schedule(this.backoff.next());
        else void this.cycle();
      },
      (e: Error) => {
        settled();
        request.destroy();
        if (this.running) this.fail(e);
      },
    );
  }

  /** Applies events until the stream ends (true) or the watch was stopped (false); throws on an ERROR event. */
  private async read(response: IncomingMessage): Promise<boolean> {
    let rest = '';
    response.setEncoding('utf8'); // a character split between chunks is decoded whole
    try {
      for await (const chunk of response) {
        const lines = (rest + (chunk as string)).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) this.apply(JSON.parse(line) as WatchEvent<T>);
      }
    } catch (e) {
      if (!this.running) return false;
      throw e;
    }
    if (rest.trim()) this.apply(JSON.parse(rest) as WatchEvent<T>);
    return true;
  }

  private apply(event: WatchEvent<T>): void {
    if (event.type === 'ERROR') {
      const status = event.object as { code?: number; reason?: string; message?: string };
      throw new KubeApiError(status.code ?? 500, status.reason ?? 'Unknown', status.message ?? 'watch error');
    }
    const rv = event.object.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    this.backoff.reset();
    if (event.type === 'BOOKMARK') return;
    if (event.type === 'DELETED') this.items.delete(keyOf(event.object));
    else this.items.set(keyOf(event.object), event.object);
    this.o.onChange();
  }

  private fail(error: Error): void {
    if (!this.running) return;
    const gone = error instanceof KubeApiError && error.code === 410;
    if (gone) this.resourceVersion = undefined;
    // Expired (410) is the normal way back to a fresh list, at once; repeated, it backs off like any failure.
    const first = this.backoff.fresh;
    const wait = this.backoff.next();
    const delay = gone && first ? 0 : wait;
    if (!gone) this.o.onError(error, delay);
    this.schedule(delay);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.cycle(), ms);
  }
}

function keyOf(o: KubeObject): string {
  return `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}
