// The providers section of an applied file. Each entry is checked as `POST /api/providers` checks its body (the same
// DTO rules and kind settings), compared with the database, and its issuer's discovery document is loaded when it is
// added or changed, dry run included. Ownership as for users: only providers an apply from the same source made are
// changed or removed; one made with the API or the CLI that the file also declares is left as it is.
import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Actor } from '../../common/actor.js';
import { BadRequestError, NotFoundError } from '../../common/errors.js';
import { fieldErrors } from '../../common/validation.pipe.js';
import type { Tx } from '../../db/database.js';
import { CreateProviderDto } from '../providers/dto/provider.dto.js';
import type { ProviderEntity } from '../providers/provider.entity.js';
import { ProvidersService, type ProviderSpec } from '../providers/providers.service.js';
import type { DeclaredProvider, ProviderField } from './document.js';
import type { PlannedChange } from './plan.js';
import type { Problem } from './problems.js';

export interface ProviderSteps {
  add: { declared: DeclaredProvider; spec: ProviderSpec }[];
  change: { declared: DeclaredProvider; spec: ProviderSpec; current: ProviderEntity }[];
  remove: ProviderEntity[];
}

/** A spec as the file's fields, to say which ones an apply changes. */
function asFields(s: ProviderSpec): Record<Exclude<ProviderField, 'name' | 'kind'>, string | undefined> {
  const d = s.directory;
  return {
    url: s.url,
    clientID: s.clientId,
    clientSecret: s.clientSecret,
    oktaAPIToken: d?.kind === 'okta' ? d.apiToken : undefined,
    googleServiceAccountKey: d?.kind === 'google' ? d.serviceAccountKey : undefined,
    googleAdminEmail: d?.kind === 'google' ? d.adminEmail : undefined,
    azureTenantID: d?.kind === 'azure' ? d.tenantID : undefined,
  };
}

function changedFields(current: ProviderSpec, declared: ProviderSpec): string[] {
  const [a, b] = [asFields(current), asFields(declared)];
  return (Object.keys(a) as (keyof typeof a)[]).filter((k) => a[k] !== b[k]);
}

@Injectable()
export class AppliedProviders {
  constructor(private readonly providers: ProvidersService) {}

  /** Each declared provider as a whole (issuer derived, settings checked), or a problem at the field at fault. */
  specs(declared: DeclaredProvider[]): { specs: Map<DeclaredProvider, ProviderSpec>; problems: Problem[] } {
    const specs = new Map<DeclaredProvider, ProviderSpec>();
    const problems: Problem[] = [];
    const report = (p: DeclaredProvider, field: string, reason: string) =>
      problems.push({
        ...(p.fields[field as ProviderField] ?? { ...p.at, path: `${p.at.path}.${field}` }),
        message: reason,
      });
    for (const p of declared) {
      const dto = plainToInstance(CreateProviderDto, p.values);
      const invalid = fieldErrors(validateSync(dto, { forbidUnknownValues: true }));
      for (const f of invalid) for (const reason of f.errors) report(p, f.field, reason);
      if (invalid.length) continue;
      try {
        specs.set(p, this.providers.specOf(dto));
      } catch (e) {
        if (!(e instanceof BadRequestError)) throw e;
        for (const f of e.fieldErrors) for (const reason of f.errors) report(p, f.field, reason);
      }
    }
    return { specs, problems };
  }

  /**
   * What to add, change and remove. `owned`: the ids of the providers this source made (those gone are returned as
   * stale). A declared provider that exists and is not owned is left alone; an owned one cannot change kind.
   */
  async plan(
    tx: Tx,
    specs: Map<DeclaredProvider, ProviderSpec>,
    owned: string[],
  ): Promise<{ changes: PlannedChange[]; steps: ProviderSteps; stale: string[]; problems: Problem[] }> {
    const steps: ProviderSteps = { add: [], change: [], remove: [] };
    const changes: PlannedChange[] = [];
    const problems: Problem[] = [];
    const stale: string[] = [];
    const ownedProviders = new Map<string, ProviderEntity>();
    for (const id of owned) {
      const provider = await this.find(id, tx);
      if (provider) ownedProviders.set(provider.id, provider);
      else stale.push(id);
    }
    const declaredNames = new Set<string>();
    for (const [declared, spec] of specs) {
      declaredNames.add(spec.name);
      const current = await this.find(spec.name, tx);
      if (!current) {
        steps.add.push({ declared, spec });
        changes.push({ op: '+', kind: 'provider', name: spec.name });
        continue;
      }
      if (!ownedProviders.has(current.id)) continue; // made with the API or the CLI: never touched
      if (current.kind !== spec.kind) {
        problems.push({
          ...(declared.fields.kind ?? declared.at),
          message: `provider "${spec.name}" is of kind ${current.kind}: a kind cannot change (drop the entry and apply, then add it back)`,
        });
        continue;
      }
      const fields = changedFields(this.providers.specOfEntity(current), spec);
      if (!fields.length) continue;
      steps.change.push({ declared, spec, current });
      changes.push({ op: '~', kind: 'provider', name: spec.name, detail: fields.join(', ') });
    }
    for (const provider of ownedProviders.values()) {
      if (declaredNames.has(provider.name)) continue;
      steps.remove.push(provider);
      changes.push({ op: '-', kind: 'provider', name: provider.name });
    }
    return { changes, steps, stale, problems };
  }

  /** The discovery document of every provider added or changed must load, as `POST /api/providers` requires. */
  async discover(steps: ProviderSteps): Promise<Problem[]> {
    const problems: Problem[] = [];
    for (const { declared, spec } of [...steps.add, ...steps.change]) {
      try {
        await this.providers.checkIssuer(spec);
      } catch (e) {
        if (!(e instanceof BadRequestError)) throw e;
        problems.push({ ...(declared.fields.url ?? declared.at), message: e.fieldErrors[0]?.errors[0] ?? e.message });
      }
    }
    return problems;
  }

  /** Additions and changes; `own` records a new provider as this source's. Removals are `removeAll`'s (last). */
  async addAndChange(tx: Tx, actor: Actor, steps: ProviderSteps, own: (id: string) => Promise<void>): Promise<void> {
    for (const { spec } of steps.add) await own((await this.providers.insert(tx, actor, spec)).id);
    for (const { spec, current } of steps.change) await this.providers.replace(tx, actor, current, spec);
  }

  async removeAll(tx: Tx, actor: Actor, steps: ProviderSteps, disown: (id: string) => Promise<void>): Promise<void> {
    for (const provider of steps.remove) {
      await this.providers.remove(tx, actor, provider);
      await disown(provider.id);
    }
  }

  private async find(ref: string, tx: Tx): Promise<ProviderEntity | null> {
    try {
      return await this.providers.resolve(ref, tx);
    } catch (e) {
      if (e instanceof NotFoundError) return null;
      throw e;
    }
  }
}
