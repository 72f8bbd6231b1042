/**
 * A route as OpenTelemetry's `http.route` spells it: Fastify's `:name` parameters (and their
 * regular expressions) as `{name}`, e.g. `/pulp/api/v3/tasks/{pulp_id}/`; "" for no route (a 404).
 * `trailingSlash`: the app's URLs all end in `/` (the API: Nest registers them without, and the
 * router ignores the difference), and so do its routes.
 */
export function routeTemplate(url: string | undefined, trailingSlash: boolean): string {
  if (!url) {
    return '';
  }
  const template = url.replace(/:(\w+)(\([^)]*\))?/g, '{$1}');
  return trailingSlash && !/[/*]$/.test(template) ? `${template}/` : template;
}

const STATUS_CLASSES = ['0xx', '1xx', '2xx', '3xx', '4xx', '5xx'];

/** `2xx`, `4xx`…: a status reduced to its class, as Pulp's metrics report it (made once: every request asks). */
export function statusClass(status: number): string {
  const hundreds = Math.floor(status / 100);
  return STATUS_CLASSES[hundreds] ?? `${hundreds}xx`;
}
