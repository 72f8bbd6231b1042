import { IntersectionType } from '@nestjs/swagger';
import type { DetailFields } from './detail-fields';

/**
 * Core's request and response classes of a master, each followed by the type's own fields (when it
 * has any): what the type's components are made of.
 */
export function withDetail<Request extends abstract new () => object, Response extends abstract new () => object>(
  request: Request,
  response: Response,
  detail: DetailFields | undefined,
): { fields: Request; shown: Response } {
  return detail
    ? {
        fields: IntersectionType(request as never, detail.request) as unknown as Request,
        shown: IntersectionType(response as never, detail.response) as unknown as Response,
      }
    : { fields: request, shown: response };
}
