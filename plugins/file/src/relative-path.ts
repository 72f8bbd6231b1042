/**
 * Why `path` cannot be a file's relative path, or undefined when it can: the rules every relative
 * path follows, in content bodies and in a PULP_MANIFEST alike. A relative path is where the file
 * is served below a distribution and where a publication writes it, so it must stay inside: not
 * absolute, no `.` or `..` segment, no empty segment (`a//b`, a trailing `/`). Control characters
 * (NUL, line breaks) are refused too: a PULP_MANIFEST holds one path per line; and backslashes,
 * which some clients and file systems read as separators.
 */
export function relativePathProblem(path: string): string | undefined {
  if (path === '') {
    return 'This field may not be blank.';
  }
  if (path.startsWith('/')) {
    return "Relative path can't start with '/'.";
  }
  // eslint-disable-next-line no-control-regex -- control characters are what is refused here.
  if (/[\u0000-\u001f\u007f]/.test(path)) {
    return 'Relative path must not contain control characters.';
  }
  if (path.includes('\\')) {
    return "Relative path must not contain '\\'.";
  }
  const segments = path.split('/');
  if (segments.some((segment) => segment === '.' || segment === '..')) {
    return "Relative path must not contain '.' or '..' segments.";
  }
  if (segments.some((segment) => segment === '')) {
    return 'Relative path must not contain empty segments.';
  }
  return undefined;
}

/**
 * Why `path` cannot be the relative path of content a user creates or uploads (spec file-plugin
 * §2.1): the shared rules, and a canonical path besides (no whitespace, `?` or `#`, which a URL
 * would need escaped). A manifest's paths may have spaces (spec §3), so sync uses only the shared rules.
 */
export function contentRelativePathProblem(path: string): string | undefined {
  const problem = relativePathProblem(path);
  if (problem) {
    return problem;
  }
  return /[\s?#]/.test(path) ? "Relative path must not contain whitespace, '?' or '#'." : undefined;
}
