import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderSettingsReference } from './settings-reference';

describe('docs/settings.md', () => {
  it('is the reference rendered from the settings class (run `npm run docs:settings` after changing a setting)', () => {
    const committed = readFileSync(resolve(__dirname, '../../../docs/settings.md'), 'utf8');
    expect(committed).toBe(renderSettingsReference());
  });
});
