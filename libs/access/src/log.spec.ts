// The shared log format, read back as the JSON lines a log collector would see. Expected values are written out
// here, not taken from log.ts, so a changed field name or a dropped redact path fails.
import assert from 'node:assert/strict';
import { createLogger, isLogLevel, memoryDestination } from './log.js';

describe('log format', () => {
  it('writes one JSON line with service, word level, ISO time and msg', () => {
    const out = memoryDestination();
    createLogger('connector', 'info', out).info({ destination: 'prod' }, 'connector started');
    assert.equal(out.lines.length, 1);
    const { time, ...rest } = out.lines[0]!;
    assert.match(String(time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(rest, { level: 'info', service: 'connector', destination: 'prod', msg: 'connector started' });
  });

  it('puts errors under err with type, message and stack', () => {
    const out = memoryDestination();
    createLogger('server', 'info', out).warn({ err: new TypeError('boom') }, 'failed');
    const err = out.lines[0]!.err as Record<string, unknown>;
    assert.equal(err.type, 'TypeError');
    assert.equal(err.message, 'boom');
    assert.match(String(err.stack), /^TypeError: boom\n {4}at /);
  });

  it('drops lines below the level and logs at it', () => {
    const out = memoryDestination();
    const log = createLogger('server', 'warn', out);
    log.info('below');
    log.warn('at');
    log.error('above');
    assert.deepEqual(
      out.lines.map((l) => [l.level, l.msg]),
      [
        ['warn', 'at'],
        ['error', 'above'],
      ],
    );
    const silent = memoryDestination();
    createLogger('server', 'silent', silent).error('nothing');
    assert.equal(silent.lines.length, 0);
  });

  it('redacts credential headers and credential fields', () => {
    const out = memoryDestination();
    const log = createLogger('server', 'info', out);
    log.info(
      {
        req: {
          method: 'GET',
          headers: {
            authorization: 'Bearer kid.SECRET1',
            cookie: 'session=SECRET2',
            'proxy-authorization': 'Basic SECRET3',
            host: 'h',
          },
        },
        res: { headers: { 'set-cookie': 'session=SECRET4' } },
        accessKey: 'kid.SECRET5',
        password: 'SECRET6',
        clientSecret: 'SECRET7',
        token: 'SECRET8',
        body: { password: 'SECRET9', oktaAPIToken: 'SECRET10' },
        metricsToken: 'SECRET11',
        scimToken: 'SECRET12',
        googleServiceAccountKey: 'SECRET13',
      },
      'request',
    );
    const text = out.text();
    for (let i = 1; i <= 13; i++) assert.ok(!text.includes(`SECRET${i}`), `SECRET${i} leaked: ${text}`);
    const line = out.lines[0] as { req: { headers: Record<string, string> }; password: string };
    assert.equal(line.req.headers.authorization, '[redacted]');
    assert.equal(line.req.headers.host, 'h', 'other headers stay');
    assert.equal(line.password, '[redacted]');
  });

  it('accepts exactly the INFRA_LOG_LEVEL words', () => {
    assert.deepEqual(['debug', 'info', 'warn', 'error', 'silent', 'trace', 'INFO', ''].filter(isLogLevel), [
      'debug',
      'info',
      'warn',
      'error',
      'silent',
    ]);
  });
});
