import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { ManagerUsageError, type ManagerCommand } from '../manager-tools';

export const openApiCommand: ManagerCommand = {
  name: 'openapi',
  summary: 'Write the OpenAPI schema of the REST API (no database needed)',
  usage:
    'pulpcore-manager openapi [--file FILE] [--format openapi-json|openapi]\n\n' +
    '  --file FILE     write to FILE instead of stdout\n' +
    '  --format F      openapi-json (default) or openapi (YAML)\n',
  async run(args, tools) {
    const { file, format } = parseArgs({
      args,
      options: { file: { type: 'string' }, format: { type: 'string', default: 'openapi-json' } },
    }).values;
    if (format !== 'openapi-json' && format !== 'openapi') {
      throw new ManagerUsageError(`--format must be openapi-json or openapi, not "${format}"`);
    }
    const document = await tools.openApiDocument();
    const text =
      format === 'openapi'
        ? stringify(document, { aliasDuplicateObjects: false })
        : `${JSON.stringify(document, null, 2)}\n`;
    if (file) {
      writeFileSync(file, text);
    } else {
      tools.print(text.trimEnd());
    }
    return 0;
  },
};
