import { Controller, Get, Header } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';

/**
 * `CONTENT_PATH_PREFIX` itself: the index of distributions (listed here once they exist); its
 * `HEAD` (answered by Fastify from this route) is the content app's health check.
 */
@Controller()
export class ContentRootController {
  constructor(private readonly settings: PulpSettings) {}

  @Get()
  @Header('Content-Type', 'text/html')
  index(): string {
    const title = `Index of ${escapeHtml(this.settings.CONTENT_PATH_PREFIX)}`;
    return `<!DOCTYPE html>\n<html>\n<head><title>${title}</title></head>\n<body>\n<h1>${title}</h1>\n<hr><pre>\n</pre><hr>\n</body>\n</html>\n`;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
