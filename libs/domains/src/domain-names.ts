// Nest-free, so that unit tests load it.

import { DEFAULT_DOMAIN_NAME } from '@pulp/config/api-paths';

export { DEFAULT_DOMAIN_NAME };

/** A domain's name is a URL segment (`/pulp/<name>/api/v3/`): a slug, short, and never a segment Pulp routes itself. */
export const DOMAIN_NAME_MAX_LENGTH = 50;
const SLUG = /^[-a-zA-Z0-9_]+$/;
const RESERVED = ['api', 'content'];

/** Pulp's messages for a name (SlugField(max_length=50), then validate_name); none when it is good. */
export function domainNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (name.length > DOMAIN_NAME_MAX_LENGTH) {
    problems.push(`Ensure this field has no more than ${DOMAIN_NAME_MAX_LENGTH} characters.`);
  }
  if (!SLUG.test(name)) {
    problems.push('Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.');
  }
  // DRF runs a field's validate_<name> only once its own validators passed.
  if (problems.length === 0 && RESERVED.includes(name.toLowerCase())) {
    problems.push("Name can not be 'api' or 'content'.");
  }
  return problems;
}

export const isDefaultDomain = (name: string) => name === DEFAULT_DOMAIN_NAME;
