import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderSettingsReference } from '@pulp/config';

// `npm run docs:settings`: rewrites docs/settings.md from the settings class.
const target = resolve(__dirname, '../../../docs/settings.md');
writeFileSync(target, renderSettingsReference());
process.stdout.write(`wrote ${target}\n`);
