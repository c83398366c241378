// `infra login --no-browser`: device login for machines with no browser (SSH sessions, containers). The server gives
// a short code; a person signed in to Infra elsewhere (the web UI's /device page, or `infra device approve CODE`)
// approves it; this CLI polls at the interval the server sets, slowing down when told, and gets a session for the
// approving person. See apps/server/src/modules/device/README.md.
import { ApiError, type Page } from '../api.js';
import { CliError } from '../errors.js';
import type { Deps } from '../deps.js';
import type { DeviceLogin, LoginResponse } from '../types.js';

/** RFC 8628 §3.5: each slow_down adds this to the interval. */
const SLOW_DOWN_STEP_S = 5;

export async function loginWithDevice(
  deps: Deps,
  api: ReturnType<Deps['api']>,
  url: string,
  provider?: string,
): Promise<LoginResponse> {
  // With --provider, the approver signs in with it in the web UI: a name the server does not know would strand them.
  if (provider !== undefined && !(await api.get<Page<unknown>>('/api/providers', { name: provider })).items.length) {
    throw new CliError(`${url} has no identity provider named ${provider}: run \`infra providers list\` to see them`);
  }
  const started = await api.post<DeviceLogin>('/api/device');
  const deadline = deps.clock().getTime() + started.expiresIn * 1000;
  deps.out.info(
    `To log in, open ${started.verificationURI} on any device${provider ? `, sign in with ${provider}` : ' where you are signed in to Infra'}, and enter the code:`,
  );
  deps.out.info('');
  deps.out.info(`    ${deps.out.bold(started.userCode)}`);
  deps.out.info('');
  deps.out.info(
    `Or open ${started.verificationURIComplete}, or run \`infra device approve ${started.userCode}\` where you are logged in.`,
  );
  deps.out.info(`Waiting for approval (the code works for ${Math.round(started.expiresIn / 60)} minutes)…`);
  let interval = started.interval;
  for (;;) {
    await deps.sleep(interval * 1000);
    try {
      return await api.post<LoginResponse>('/api/device/token', { deviceCode: started.deviceCode });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const error = e.body.error;
      if (error === 'authorization_pending') {
        // Past the code's life the server answers expired_token; this only guards against a server that never does.
        if (deps.clock().getTime() > deadline + interval * 1000)
          throw new CliError('nobody approved the login in time: run `infra login --no-browser` again');
        continue;
      }
      if (error === 'slow_down' || e.status === 429) {
        interval += SLOW_DOWN_STEP_S;
        continue;
      }
      if (error === 'access_denied' || error === 'expired_token' || error === 'invalid_grant')
        throw new CliError(e.message);
      throw e;
    }
  }
}
