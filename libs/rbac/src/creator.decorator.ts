import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { GuardedRequest } from './authentication.guard';

/** The id of the user a request is made by (null: anonymous), for the creation hooks of what it creates. */
export const Creator = createParamDecorator(
  (_data: unknown, context: ExecutionContext): number | null =>
    context.switchToHttp().getRequest<GuardedRequest>().user?.id ?? null,
);
