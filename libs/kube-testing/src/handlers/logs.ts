// pods/log: the simulated pod's log as chunked text/plain, optionally followed until the pod is
// deleted, the client goes away or the server stops (k8s-wire §2.5).
import { queryFlag } from '@infra/kube-wire';
import { findResource } from '../resources.js';
import { errors } from '../status.js';
import type { HandlerContext } from '../core.js';

const PODS = findResource('', 'v1', 'pods')!;

export function handleLogs(ctx: HandlerContext): void {
  const { info, url, res, core } = ctx;
  const pod = core.store.get(PODS, info.namespace, info.name);
  const containers = ((pod.spec as { containers?: { name: string }[] } | undefined)?.containers ?? []).map(
    (c) => c.name,
  );
  const container = url.searchParams.get('container');
  if (!container && containers.length > 1) {
    throw errors.badRequest(
      `a container name must be specified for pod ${info.name}, choose one of: [${containers.join(' ')}]`,
    );
  }
  if (container && !containers.includes(container))
    throw errors.badRequest(`container ${container} is not valid for pod ${info.name}`);

  const log = core.pods.log(info.namespace, info.name);
  let text = log.text;
  const tail = url.searchParams.get('tailLines');
  if (tail !== null) {
    const lines = text.split(/(?<=\n)/);
    text = Number(tail) > 0 ? lines.slice(-Number(tail)).join('') : '';
  }
  res.writeHead(200, {
    'Content-Type': 'text/plain',
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache, private',
  });
  res.flushHeaders();
  if (text) res.write(text);
  if (!queryFlag(url.searchParams, 'follow')) {
    res.end();
    return;
  }
  core.counters.logStreams++;
  const onData = (chunk: string) => res.write(chunk);
  const finish = () => {
    log.events.off('data', onData);
    log.events.off('end', finish);
    untrack();
    if (!res.writableEnded) res.end();
  };
  const untrack = core.track(finish);
  log.events.on('data', onData);
  log.events.on('end', finish);
  res.on('close', finish);
}
