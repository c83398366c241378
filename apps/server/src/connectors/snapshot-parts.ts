// A destination's snapshot as Snapshot messages of bounded size (connector.proto explains the parts): a
// destination with tens of thousands of grants would not fit in one gRPC message, whose receivers refuse more
// than 4 MiB by default. Sizes are an upper bound of the protobuf encoding, so no part ever exceeds the limit
// (unless a single grant or user does, which then travels alone).
import { SNAPSHOT_LISTS, type connector } from '@infra/proto';
import type { DestinationSnapshot } from '../modules/changes/snapshot.service.js';

/** Well below the 4 MiB default so that a part never approaches the receiver's limit. */
export const SNAPSHOT_PART_BYTES = 1024 * 1024;

/** Room for the part's own fields (sequence, part, more) and the ServerMessage around it. */
const ENVELOPE_BYTES = 64;

/**
 * An upper bound of a value's protobuf size as a field: a tag of one byte (every field number is below 16),
 * a length of at most five bytes, and varints of at most ten.
 */
export function encodedSizeBound(value: unknown): number {
  if (typeof value === 'string') return 6 + Buffer.byteLength(value);
  if (typeof value === 'number' || typeof value === 'bigint') return 11;
  if (typeof value === 'boolean') return 2;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + encodedSizeBound(v), 0);
  if (value && typeof value === 'object')
    return Object.values(value).reduce((n: number, v) => n + encodedSizeBound(v), 6);
  return 0;
}

function emptyPart(
  sequence: number,
  part: number,
): Required<Pick<connector.Snapshot, 'sequence' | 'part' | (typeof SNAPSHOT_LISTS)[number]>> {
  return { sequence, part, grants: [], users: [], groups: [], signingKeys: [], revocations: [] };
}

/** The parts of `snapshot`, in order, each at most `maxBytes` encoded; one part when it all fits. */
export function* snapshotParts(
  snapshot: DestinationSnapshot,
  maxBytes = SNAPSHOT_PART_BYTES,
): Generator<connector.Snapshot> {
  let part = emptyPart(snapshot.sequence, 0);
  let size = ENVELOPE_BYTES;
  let items = 0;
  for (const list of SNAPSHOT_LISTS) {
    for (const item of snapshot[list]) {
      const bytes = encodedSizeBound(item);
      if (items > 0 && size + bytes > maxBytes) {
        yield { ...part, more: true };
        part = emptyPart(snapshot.sequence, part.part + 1);
        size = ENVELOPE_BYTES;
        items = 0;
      }
      (part[list] as unknown[]).push(item);
      size += bytes;
      items++;
    }
  }
  yield { ...part, more: false };
}
