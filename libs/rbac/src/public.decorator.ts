import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const IS_PUBLIC = Symbol('pulp:public');

/** Marks an operation as anonymous in the schema; the schema builder turns it into "no `security`". */
export const PUBLIC_OPERATION_EXTENSION = 'x-pulp-public';

/** The route needs no credentials (status, livez, docs, schema), and the schema says so. */
export const Public = () =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_OPERATION_EXTENSION, true));
