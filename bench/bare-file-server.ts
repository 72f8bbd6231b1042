import { createReadStream, stat } from 'node:fs';
import { createServer } from 'node:http';
import { join, normalize } from 'node:path';

/** The content benchmark's runtime limit: `node bare-file-server.js <root> <port>` serves the files under root. */
const [root, port] = process.argv.slice(2);
createServer((request, response) => {
  const file = join(root, normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)));
  stat(file, (error, stats) => {
    if (error || !stats.isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-length': stats.size, 'content-type': 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
}).listen(Number(port), '127.0.0.1', () => process.stdout.write('listening\n'));
