/**
 * A route as OpenTelemetry's `http.route` spells it: Fastify's `:name` parameters (and their
 * regular expressions) as `{name}`, e.g. `/pulp/api/v3/tasks/{pulp_id}/`; "" for no route (a 404).
 */
export function routeTemplate(url: string | undefined): string {
  return url ? url.replace(/:(\w+)(\([^)]*\))?/g, '{$1}') : '';
}

/** `2xx`, `4xx`…: a status reduced to its class, as Pulp's metrics report it. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}
