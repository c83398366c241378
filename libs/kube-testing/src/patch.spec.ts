import assert from 'node:assert/strict';
import { jsonPatch, mergePatch, strategicMergePatch } from './patch.js';

describe('PATCH bodies', () => {
  it('a merge patch deletes keys set to null and replaces lists', () => {
    assert.deepEqual(mergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { b: { c: null }, l: [3] }), {
      a: 1,
      b: { d: 3 },
      l: [3],
    });
  });

  it('a strategic merge patch merges containers by name and ignores kubectl directives', () => {
    const pod = {
      spec: {
        containers: [
          { name: 'a', image: 'x' },
          { name: 'b', image: 'y' },
        ],
      },
    };
    const patch = {
      spec: {
        containers: [
          { name: 'b', image: 'z' },
          { name: 'c', image: 'w' },
        ],
        '$setElementOrder/containers': [{ name: 'a' }],
      },
    };
    assert.deepEqual(strategicMergePatch(pod, patch), {
      spec: {
        containers: [
          { name: 'a', image: 'x' },
          { name: 'b', image: 'z' },
          { name: 'c', image: 'w' },
        ],
      },
    });
  });

  it('a JSON patch adds, replaces and removes', () => {
    const doc = { metadata: { labels: { a: '1' } }, list: [1, 2] };
    const out = jsonPatch(doc, [
      { op: 'add', path: '/metadata/labels/b', value: '2' },
      { op: 'replace', path: '/list/0', value: 9 },
      { op: 'remove', path: '/metadata/labels/a' },
    ]);
    assert.deepEqual(out, { metadata: { labels: { b: '2' } }, list: [9, 2] });
    assert.deepEqual(doc.metadata.labels, { a: '1' }, 'the input is untouched');
  });
});
