// The automatic approver: a request from someone PagerDuty has on call right now for one of the configured schedules
// or escalation policies is approved for the time asked, cut to the PagerDuty maximum. It answers "approve", "leave it
// to a person" (with a note when PagerDuty could not be asked), or nothing when PagerDuty is not configured. It never
// approves on a doubt: an error of any kind leaves the request pending.
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { LOGGER, type Logger } from '../../common/logger.js';
import { RootKeyCipher } from '../../common/root-key.js';
import { PagerDutyClient, PagerDutyError } from './pagerduty.client.js';
import { RequestsRepository } from './requests.repository.js';

export type OnCallVerdict =
  { approve: true; decidedBy: string; maxSeconds: number } | { approve: false; note: string | null };

@Injectable()
export class OnCallApprover {
  constructor(
    private readonly repo: RequestsRepository,
    private readonly client: PagerDutyClient,
    private readonly cipher: RootKeyCipher,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Undefined when PagerDuty is not configured. */
  async consider(requesterEmail: string): Promise<OnCallVerdict | undefined> {
    const settings = await this.repo.pagerDuty();
    if (!settings || (settings.scheduleIds.length === 0 && settings.escalationPolicyIds.length === 0)) return undefined;
    let token: string;
    try {
      token = this.cipher.decrypt(settings.tokenSealed);
    } catch {
      return {
        approve: false,
        note: 'the PagerDuty token cannot be decrypted (was the root key changed?); set it again with PUT /api/pagerduty',
      };
    }
    try {
      const answer = await this.client.onCallNow(token, settings, requesterEmail, this.clock.now());
      if (!answer.onCall) return { approve: false, note: null };
      return { approve: true, decidedBy: `PagerDuty on-call (${answer.via})`, maxSeconds: settings.maxDurationSeconds };
    } catch (e) {
      if (!(e instanceof PagerDutyError)) throw e;
      this.logger.warn({ err: e }, 'on-call check failed');
      return { approve: false, note: `not approved automatically: ${e.message}; an approver must decide` };
    }
  }
}
