import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The folders `npm run build` compiles into dist/ (tsconfig.build.json). */
const SOURCE_FOLDERS = ['apps', 'libs', 'plugins', 'src', 'migrations'];
/** Written last by `npm run build`, whether or not tsc had anything to emit. */
export const BUILD_STAMP = 'dist/.build-stamp';

/**
 * Why the built entrypoints under dist/ do not match the sources (a compiled .ts edited after the
 * last build, or no build at all), or null when they do: e2e suites run dist/, so testing a stale
 * one tests yesterday's code.
 */
export function staleBuild(root: string): string | null {
  const stamp = join(root, BUILD_STAMP);
  if (!existsSync(stamp)) {
    return 'dist/ has not been built: run `npm run build` first.';
  }
  const built = statSync(stamp).mtimeMs;
  const newer = SOURCE_FOLDERS.flatMap((folder) => compiledSources(join(root, folder))).find(
    (file) => statSync(file).mtimeMs > built,
  );
  return newer
    ? `dist/ is older than ${relative(root, newer)}: run \`npm run build\` (the e2e suites run the built code).`
    : null;
}

function compiledSources(dir: string): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === 'node_modules' ? [] : compiledSources(path);
    }
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}
