// Spec output plus the plain closing line CI reads ("N passed, N failed"), and a JSON
// count per project for tools/test.mjs to add up.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats || {};
      const passed = s.passes || 0;
      const failed = s.failures || 0;
      const skipped = s.pending || 0;
      const dir = process.env.INFRA_TEST_RESULTS;
      if (dir) {
        const name = path.basename(process.cwd());
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ passed, failed, skipped }));
      }
      process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
    });
  }
}
module.exports = SummaryReporter;
