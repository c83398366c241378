// SCIM answers errors in its own schema (RFC 7644 §3.12): { schemas, status (a string), scimType?, detail }. Every
// error under /api/scim/ is rendered here by the global filter, including body-parser and guard errors.
import type { Response } from 'express';
import { BadRequestError } from '../../common/errors.js';

export const SCIM_CONTENT_TYPE = 'application/scim+json';
export const SCIM_PATH = '/api/scim/';
const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export type ScimType =
  'invalidFilter' | 'invalidSyntax' | 'invalidValue' | 'invalidPath' | 'noTarget' | 'mutability' | 'uniqueness';

/** A request that breaks the SCIM schema or protocol: 400 with the scimType the RFC names for it. */
export class ScimBadRequest extends BadRequestError {
  constructor(
    readonly scimType: ScimType,
    message: string,
  ) {
    super(message);
  }
}

/** Malformed JSON: body-parser's error, as Nest hands it on (a BadRequestException caused by a SyntaxError). */
function isMalformedJson(err: unknown): boolean {
  const e = err as { type?: unknown; cause?: unknown } | undefined;
  return e?.type === 'entity.parse.failed' || e?.cause instanceof SyntaxError;
}

export function sendScimError(res: Response, err: unknown, body: { code: number; message: string }): void {
  const malformed = isMalformedJson(err);
  const scimType =
    err instanceof ScimBadRequest
      ? err.scimType
      : malformed
        ? 'invalidSyntax'
        : body.code === 409
          ? 'uniqueness'
          : body.code === 400
            ? 'invalidValue'
            : undefined;
  res
    .status(body.code)
    .type(SCIM_CONTENT_TYPE)
    .send(
      JSON.stringify({
        schemas: [ERROR_SCHEMA],
        status: String(body.code),
        ...(scimType ? { scimType } : {}),
        detail: malformed ? 'the request body is not valid JSON' : body.message,
      }),
    );
}
