import { ParseUUIDPipe } from '@nestjs/common';
import { BadRequestError } from './errors.js';

/** `@Param('id', IdParam)`: ids are UUIDs; anything else is a 400 naming the field. */
export const IdParam = new ParseUUIDPipe({
  exceptionFactory: () => BadRequestError.field('id', 'must be a UUID'),
});
