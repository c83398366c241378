import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { k8sBinaries } from './k8s-binaries.js';

describe('kubectl and helm from the npm registry', () => {
  for (const [version, minor] of [
    ['v35', '35'],
    ['v32', '32'],
  ] as const) {
    it(`kubectl 1.${minor} and helm run from the ${version} layer`, () => {
      const bins = k8sBinaries(version);
      const kubectl = execFileSync(bins.kubectl, ['version', '--client', '-o', 'json']).toString();
      assert.equal(JSON.parse(kubectl).clientVersion.minor, minor);
      assert.match(execFileSync(bins.helm, ['version', '--short']).toString(), /^v\d+\./);
    });
  }
});
