// Global validation: bodies and queries are validated against their DTO classes; any problem is a 400
// listing each field with its reasons. Bodies must be JSON objects (not arrays or primitives).
import { Injectable, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { BadRequestError, type FieldError } from './errors.js';

export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    if (e.constraints) out.push({ field, errors: Object.values(e.constraints) });
    if (e.children?.length) out.push(...fieldErrors(e.children, field));
  }
  return out;
}

/** Postgres text cannot hold NUL; refuse it here with the field's name rather than fail in the database. */
export function findNul(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'value' : undefined;
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = findNul(v, path ? `${path}.${k}` : k);
      if (found) return found;
    }
  }
  return undefined;
}

@Injectable()
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      exceptionFactory: (errors) => {
        const fields = fieldErrors(errors);
        const first = fields[0];
        return new BadRequestError(first ? `${first.field} ${first.errors[0]}` : 'invalid request', fields);
      },
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && this.toValidate(metadata)) {
      if (value === undefined || value === null) value = {};
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw new BadRequestError('request body must be a JSON object');
      }
      // A field set to null means "not given": optional fields then take their defaults.
      value = Object.fromEntries(Object.entries(value as object).filter(([, v]) => v !== null));
    }
    const nul =
      metadata.type === 'custom' ? undefined : findNul(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
    if (nul) throw BadRequestError.field(nul, 'must not contain NUL characters');
    return super.transform(value, metadata);
  }
}
