import { Body, Injectable, type ArgumentMetadata, type PipeTransform, type Type } from '@nestjs/common';
import { parseBody } from './parse-body';

@Injectable()
class PulpBodyPipe implements PipeTransform {
  constructor(private readonly dto?: Type<object>) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const dto = this.dto ?? metadata.metatype;
    return dto && dto !== Object ? parseBody(dto as new () => object, value) : value;
  }
}

/**
 * The request body as the parameter's DTO class (or `dto`, for classes made at run time, which
 * TypeScript cannot name in the parameter's type; those also need `@ApiBody({ type: dto })`),
 * validated with Pulp's 400 bodies (see parseBody).
 */
export const PulpBody = (dto?: Type<object>): ParameterDecorator => Body(new PulpBodyPipe(dto));
