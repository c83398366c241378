// OpenAPI description of a `{ items, next? }` page of T.
import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';

export function ApiPage(item: Type<unknown>) {
  return applyDecorators(
    ApiExtraModels(item),
    ApiOkResponse({
      schema: {
        type: 'object',
        required: ['items'],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(item) } },
          next: { type: 'string', description: 'cursor of the next page; absent on the last page' },
        },
      },
    }),
  );
}
