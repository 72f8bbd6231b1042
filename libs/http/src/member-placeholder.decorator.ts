import { applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

/** Operation extension carrying the placeholder name of a controller's member paths (`task_href`). */
export const MEMBER_PLACEHOLDER_EXTENSION = 'x-pulp-member-placeholder';

/**
 * Declares how Pulp's schema names this controller's members: routes under `:pulp_id` appear as
 * `{<placeholder>}…` paths with that one path parameter, whose value is the full href (pulp-glue
 * substitutes hrefs, not ids). `Task` → `task_href`, `FileRepository` → `file_file_repository_href`.
 */
export const MemberPlaceholder = (placeholder: string) =>
  applyDecorators(ApiExtension(MEMBER_PLACEHOLDER_EXTENSION, placeholder));
