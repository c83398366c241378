import assert from 'node:assert/strict';
import { formatTable, relativeTime, Output } from './output.js';

describe('output', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  it('says times the way people do', () => {
    assert.equal(relativeTime('2026-01-01T10:00:00Z', now), '2 hours ago');
    assert.equal(relativeTime('2026-01-01T11:00:00Z', now), 'an hour ago');
    assert.equal(relativeTime('2026-01-01T11:59:58Z', now), 'just now');
    assert.equal(relativeTime('2026-01-08T12:00:00Z', now), 'in a week');
    assert.equal(relativeTime('2025-12-29T12:00:00Z', now), '3 days ago');
    assert.equal(relativeTime(null, now), '-');
  });
  it('aligns columns without trailing spaces', () => {
    assert.equal(
      formatTable(
        ['USER', 'ACCESS'],
        [
          ['a@example.com', 'admin'],
          ['b', 'view'],
        ],
      ),
      'USER           ACCESS\na@example.com  admin\nb              view',
    );
  });
  it('prints raw items as JSON or YAML, and never colours when not a terminal', () => {
    let text = '';
    const out = new Output({ write: (s: string) => (text += s) }, { write: (s: string) => (text += s) });
    assert.equal(out.color, false);
    out.format = 'json';
    out.table([{ a: 1 }], [{ header: 'A', value: (r) => String(r.a) }], 'none');
    assert.deepEqual(JSON.parse(text), [{ a: 1 }]);
    text = '';
    out.format = 'yaml';
    out.table([{ a: 1 }], [{ header: 'A', value: (r) => String(r.a) }], 'none');
    assert.equal(text, '- a: 1\n');
    text = '';
    out.format = 'jsonl';
    out.table([{ a: 1 }, { a: 2 }], [{ header: 'A', value: (r) => String(r.a) }], 'none');
    assert.equal(text, '{"a":1}\n{"a":2}\n');
    text = '';
    out.warn('careful');
    assert.equal(text, 'warning: careful\n');
  });
});
