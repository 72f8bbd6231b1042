import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { PulpSettings } from '@pulp/config';
import type { ManagerCommand } from '../manager-tools';

/** Folders whose files the API serves at STATIC_URL: our own assets and Swagger UI's. */
function staticSources(): Array<{ from: string; to: string }> {
  return [
    // The build copies apps/api/assets beside the compiled API, so this path holds in src/ and dist/.
    { from: resolve(__dirname, '../../../api/assets'), to: 'pulp' },
    { from: dirname(require.resolve('swagger-ui-dist/package.json')), to: 'swagger-ui' },
  ];
}

/** Copies every static asset into STATIC_ROOT; returns how many files were copied. */
export function collectStatic(settings: PulpSettings, { clear = false } = {}): number {
  if (clear) {
    rmSync(settings.STATIC_ROOT, { recursive: true, force: true });
  }
  let copied = 0;
  for (const { from, to } of staticSources()) {
    const target = join(settings.STATIC_ROOT, to);
    mkdirSync(target, { recursive: true });
    cpSync(from, target, { recursive: true, filter: (source) => !source.endsWith('.map') });
    copied += readdirSync(target, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
  }
  return copied;
}

export const collectStaticCommand: ManagerCommand = {
  name: 'collectstatic',
  summary: 'Copy static assets into STATIC_ROOT',
  usage:
    'pulpcore-manager collectstatic [--clear] [--noinput]\n\n' +
    '  --clear     empty STATIC_ROOT first\n  --noinput   accepted for compatibility (never prompts)\n',
  run(args, tools) {
    const { clear } = parseArgs({ args, options: { clear: { type: 'boolean' }, noinput: { type: 'boolean' } } }).values;
    const { settings } = tools.configuration().loaded;
    const copied = collectStatic(settings, { clear });
    tools.print(`${copied} static files copied to '${settings.STATIC_ROOT}'.`);
    return 0;
  },
};
