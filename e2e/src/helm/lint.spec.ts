import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chartDir, useHelm, HELM_VERSIONS, type ChartName } from './helm.js';

// What `helm lint` says about each chart's bare defaults: a real install must name these.
const REQUIRED: Record<ChartName, RegExp[]> = {
  connector: [/url/, /accessKey/],
  server: [/database/, /rootKey/],
};

describe('helm lint --strict', function () {
  this.timeout(120_000);
  for (const { layer, label } of HELM_VERSIONS) {
    describe(label, () => {
      const helm = useHelm(layer);

      for (const chart of ['connector', 'server'] as const) {
        it(`the ${chart} chart lints clean with its minimal values`, () => {
          const r = helm().lint(chart);
          assert.equal(r.status, 0, r.stdout + r.stderr);
          assert.match(r.stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
        });

        it(`the ${chart} chart lints clean with its production values (ci/production-values.yaml)`, () => {
          const r = helm().run([
            'lint',
            '--strict',
            chartDir(chart),
            '-f',
            join(chartDir(chart), 'ci', 'production-values.yaml'),
          ]);
          assert.equal(r.status, 0, r.stdout + r.stderr);
        });

        it(`linting the ${chart} chart's bare defaults names what is missing`, () => {
          const r = helm().lint(chart, { bare: true });
          assert.notEqual(r.status, 0);
          for (const missing of REQUIRED[chart]) assert.match(r.stdout + r.stderr, missing);
        });
      }
    });
  }
});
