import { api } from './api';
import { content } from './content';
import { rbac } from './rbac';
import { storage } from './storage';
import { sync } from './sync';
import { tasking } from './tasking';
import { versions } from './versions';

/** `npm run bench -- <topic>`: runs one benchmark, which prints its figures. */
const BENCHMARKS: Record<string, () => Promise<void>> = { api, content, rbac, storage, sync, tasking, versions };

const topic = process.argv[2];
const benchmark = topic ? BENCHMARKS[topic] : undefined;
if (!benchmark) {
  process.stderr.write(`Usage: npm run bench -- <${Object.keys(BENCHMARKS).join('|')}>\n`);
  process.exit(2);
}
benchmark().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
