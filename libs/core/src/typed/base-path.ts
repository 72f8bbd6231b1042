import { currentDomainIdSql } from '@pulp/domains/domain-context';

/**
 * Why a distribution's base path is not a canonical relative path, or undefined when it is: no
 * leading or trailing `/`, no empty, `.` or `..` segment, no whitespace, `?`, `#` or `\` (the
 * content app matches request paths against base paths literally).
 */
export function basePathProblem(path: string): string | undefined {
  if (path.startsWith('/') || path.endsWith('/')) {
    return "Base path must not start or end with '/'.";
  }
  if (/[\s?#]/.test(path)) {
    return "Base path must not contain whitespace, '?' or '#'.";
  }
  if (path.includes('\\')) {
    return "Base path must not contain '\\'.";
  }
  if (path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return "Base path must not contain empty, '.' or '..' segments.";
  }
  return undefined;
}

/**
 * SQL: the name of another distribution of the current domain whose base path nests with `$1` (one
 * is a prefix of the other at a segment boundary), `$2` being the distribution itself (or null).
 */
export const overlappingDistributionSql = () => `
  SELECT name FROM core_distribution
   WHERE pulp_domain_id = ${currentDomainIdSql()}
     AND ($2::uuid IS NULL OR pulp_id <> $2::uuid)
     AND (starts_with(base_path, $1 || '/') OR starts_with($1, base_path || '/'))
   LIMIT 1`;
