import type { FastifyInstance } from 'fastify';

interface RouteEntry {
  method: string;
  pattern: RegExp;
}

const tables = new WeakMap<object, RouteEntry[]>();

/** `/pulp/api/v3/tasks/:pulp_id` → a regex of the concrete paths it serves (trailing slash optional). */
function patternOf(url: string): RegExp {
  const body = url
    .replace(/\/+$/, '')
    .split('/')
    .map((segment) =>
      segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${body}/?$`);
}

/** Keeps a table of the routes registered on `fastify` from now on, for allowedMethods(). */
export function recordRoutes(fastify: FastifyInstance): void {
  const table: RouteEntry[] = [];
  tables.set(fastify, table);
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      table.push({ method, pattern: patternOf(route.url) });
    }
  });
}

/** The methods some route of `fastify` answers for `path` (empty when no route has that path). */
export function allowedMethods(fastify: object, path: string): string[] {
  const table = tables.get(fastify) ?? [];
  return [...new Set(table.filter(({ pattern }) => pattern.test(path)).map(({ method }) => method))];
}
