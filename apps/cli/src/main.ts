#!/usr/bin/env node
// Entry point. kubectl runs `infra credentials` before every command, so that path loads only the
// plugin (no commander, no command modules); everything else is imported lazily.
const argv = process.argv.slice(2);
const VERSION = '0.1.0';

async function main(): Promise<number> {
  if (argv[0] === 'credentials') {
    const { runCredentials } = await import('./credentials.js');
    try {
      await runCredentials(argv.slice(1), process.env, process.stdout);
      return 0;
    } catch (e) {
      process.stderr.write(`${(e as Error).message}\n`);
      return 1;
    }
  }
  const [{ run }, { processDeps }] = await Promise.all([import('./program.js'), import('./deps.js')]);
  return run(processDeps(VERSION), argv);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exitCode = 1;
  },
);
