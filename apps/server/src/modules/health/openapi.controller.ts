import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController, type OpenAPIObject } from '@nestjs/swagger';
import { Public } from '../auth/access.decorator.js';

/** Holds the OpenAPI document that server.ts generates from the controllers before start-up. */
export class OpenApiDocument {
  document: OpenAPIObject | undefined;
}

@ApiExcludeController()
@Controller('api/openapi.json')
export class OpenApiController {
  constructor(private readonly holder: OpenApiDocument) {}

  @Public()
  @Get()
  get(): OpenAPIObject | undefined {
    return this.holder.document;
  }
}
