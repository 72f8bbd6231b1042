import { Body, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { parseBody } from './parse-body';

@Injectable()
class PulpBodyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const dto = metadata.metatype;
    return dto && dto !== Object ? parseBody(dto as new () => object, value) : value;
  }
}

/** The request body as the parameter's DTO class, validated with Pulp's 400 bodies (see parseBody). */
export const PulpBody = (): ParameterDecorator => Body(PulpBodyPipe);
