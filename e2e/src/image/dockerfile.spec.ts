// The two halves of the by-hand build that take milliseconds: reading a Dockerfile as Docker does (or refusing what
// the model does not know), and the build context the .dockerignore lets through.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HandBuild } from './build-by-hand.js';
import { parseDockerfile, substitute } from './dockerfile.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

describe('the by-hand Dockerfile model', () => {
  it('reads stages, continuations (with comments inside), both ENV forms, COPY flags and exec-form entry points', () => {
    const file = parseDockerfile(
      [
        '# syntax=docker/dockerfile:1',
        'ARG BASE=node:24',
        'FROM ${BASE} AS Deps',
        'ENV A=1 B="two words"',
        'ENV C three',
        'RUN --mount=type=cache,target=/root/.npm \\',
        '    # a comment inside the continuation',
        '    npm ci',
        'FROM deps',
        'COPY --from=deps --chown=1000:1000 /app/x y/',
        'EXPOSE 8080',
        'ENTRYPOINT ["node", "main.js"]',
      ].join('\n'),
    );
    assert.deepEqual(file.globalArgs, [{ name: 'BASE', value: 'node:24' }]);
    assert.deepEqual(
      file.stages.map((s) => [s.name, s.base]),
      [
        ['deps', '${BASE}'],
        [undefined, 'deps'],
      ],
    );
    assert.deepEqual(file.stages[0].instructions, [
      {
        op: 'ENV',
        line: 4,
        pairs: [
          ['A', '1'],
          ['B', 'two words'],
        ],
      },
      { op: 'ENV', line: 5, pairs: [['C', 'three']] },
      { op: 'RUN', line: 6, command: 'npm ci' },
    ]);
    assert.deepEqual(file.stages[1].instructions, [
      { op: 'COPY', line: 10, from: 'deps', chown: '1000:1000', sources: ['/app/x'], dest: 'y/' },
      { op: 'ENTRYPOINT', line: 12, argv: ['node', 'main.js'] },
    ]);
    assert.equal(substitute('${BASE}-$X.${UNSET}', { BASE: 'node:24', X: 'slim' }), 'node:24-slim.');
  });

  it('refuses what it does not model instead of skipping it', () => {
    for (const [line, message] of [
      ['ADD x /x', /ADD.*not modelled/],
      ['COPY *.json ./', /wildcards/],
      ['COPY a b c', /must end with \//],
      ['RUN --mount=type=secret,id=x true', /--mount=type=secret/],
      ['COPY --chmod=755 a b', /--chmod/],
    ] as const) {
      assert.throws(() => parseDockerfile(`FROM x\n${line}`), message, line);
    }
    assert.throws(() => parseDockerfile('RUN true'), /before the first FROM/);
  });

  it('takes from the repository only what deploy/docker/Dockerfile.dockerignore lets through', () => {
    const work = mkdtempSync(join(tmpdir(), 'infra-context-'));
    try {
      const context = new HandBuild({
        repo,
        work,
        nodeBin: '/nonexistent',
        dockerfile: join(repo, 'deploy/docker/Dockerfile'),
        dockerignore: join(repo, 'deploy/docker/Dockerfile.dockerignore'),
      }).context();
      for (const kept of [
        'package.json',
        'package-lock.json',
        'tsconfig.base.json',
        'tools/node-bundle.mjs', // apps/connector/bundle.mjs imports it
        'apps/server/src/main.ts',
        'apps/connector/src/main.ts',
        'libs/proto/package.json',
        'proto/infra/admin/v1/admin.proto',
      ]) {
        assert.ok(existsSync(join(context, kept)), `${kept} is in the context`);
      }
      for (const dropped of [
        'apps/cli',
        'e2e',
        'tools/bench',
        'tools/mocha.mjs',
        'deploy',
        '.git',
        'node_modules',
        'apps/server/dist',
        'apps/connector/bundle', // one built on the host
        'apps/server/src/main.spec.ts',
        'apps/server/src/testing/test-connector.ts',
        'apps/connector/src/testing/fakes.ts',
        'README.md',
      ]) {
        assert.ok(!existsSync(join(context, dropped)), `${dropped} is not in the context`);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('drops a local .env anywhere in the context, and re-includes only through exceptions', () => {
    const fake = mkdtempSync(join(tmpdir(), 'infra-repo-'));
    const work = mkdtempSync(join(tmpdir(), 'infra-context-'));
    try {
      const put = (path: string) => {
        mkdirSync(dirname(join(fake, path)), { recursive: true });
        writeFileSync(join(fake, path), 'x');
      };
      ['apps/server/.env', 'apps/server/src/a.ts', 'apps/other/src/b.ts', 'libs/x/node_modules/y/index.js'].forEach(
        put,
      );
      const context = new HandBuild({
        repo: fake,
        work,
        nodeBin: '/nonexistent',
        dockerfile: join(repo, 'deploy/docker/Dockerfile'),
        dockerignore: join(repo, 'deploy/docker/Dockerfile.dockerignore'),
      }).context();
      assert.ok(existsSync(join(context, 'apps/server/src/a.ts')));
      assert.ok(!existsSync(join(context, 'apps/server/.env')), 'a local .env');
      assert.ok(!existsSync(join(context, 'apps/other')), 'an app the images do not hold');
      assert.ok(!existsSync(join(context, 'libs/x/node_modules')), 'a workspace node_modules');
    } finally {
      for (const dir of [fake, work]) rmSync(dir, { recursive: true, force: true });
    }
  });
});
