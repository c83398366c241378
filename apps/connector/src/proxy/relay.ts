// Moving an upgraded stream's bytes between the client's and the API server's sockets. `Readable.pipe` pauses its
// source whenever the destination holds a high-water mark's worth (16 KiB) of unflushed writes; a TLS socket reads in
// 16 KiB records and completes its writes asynchronously, so a piped TLS-to-TLS stream stops and restarts reading
// after every record (measured: one pause per chunk, 15,628 for 256 MB). Allowing a few records in flight keeps
// both sockets busy; the bound keeps a slow reader from making the proxy buffer a whole stream.
import type { Duplex } from 'node:stream';

/** Unflushed bytes per direction before the source is paused (a few TLS records, well under a socket buffer). */
export const RELAY_BUFFER = 256 * 1024;

/** Writes what `from` reads to `to` (ending `to` when `from` ends); the returned function stops relaying. */
export function relay(from: Duplex, to: Duplex, buffer = RELAY_BUFFER): () => void {
  let waiting = false;
  const resume = () => {
    waiting = false;
    from.resume();
  };
  const onData = (chunk: Buffer) => {
    to.write(chunk);
    if (!waiting && to.writableLength > buffer) {
      waiting = true;
      from.pause();
      to.once('drain', resume);
    }
  };
  const onEnd = () => to.end();
  from.on('data', onData);
  from.once('end', onEnd);
  return () => {
    from.off('data', onData);
    from.off('end', onEnd);
    to.off('drain', resume);
  };
}
