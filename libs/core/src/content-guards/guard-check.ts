/**
 * What the content app asks a distribution's content guard (content-app.md §6), without Nest or
 * SQL: a guard is loaded once (ContentGuards.load) and then answers requests from memory.
 */
import { applyJqPath, parseJqPath, type JqStep } from '@pulp/config/jq-path';

/** What a guard sees of a request: its method (GET or HEAD) and headers, names in lower case (as Node gives them). */
export interface GuardRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  /** The client's address, which failed logins are counted against (Fastify's `request.ip`). */
  ip?: string;
}

/**
 * A loaded guard: undefined = permitted, else the denial reason. Most answer from memory; one that
 * asks who the request's user is (core.rbac) answers asynchronously.
 */
export interface LoadedGuard {
  denial(request: GuardRequest): string | undefined | Promise<string | undefined>;
}

/** Every refusal of a header guard, as Pulp words it. */
export const ACCESS_DENIED = 'Access denied.';

/** A header guard's own fields (core_headercontentguard). */
export interface HeaderGuardFields {
  header_name: string;
  header_value: string;
  jq_filter: string | null;
}

/** A guard that refuses every request with `reason`: a type nobody serves here, a guard gone, a cycle. */
export function refusingGuard(reason: string): LoadedGuard {
  return { denial: () => reason };
}

/** The guard of a `pulp_type` no loaded code knows how to check: it never silently permits. */
export function unknownGuardType(pulpType: string): LoadedGuard {
  return refusingGuard(`Content guard type '${pulpType}' is not supported by this server.`);
}

/**
 * `core.header`: the request's header `header_name` (any case) holds base64; decoded (UTF-8) and,
 * with `jq_filter`, parsed as JSON and filtered (a string result is itself, any other JSON value its
 * JSON text; null or nothing found refuses), it must equal `header_value`. Any failure: "Access denied.".
 * A filter outside the supported subset (see jq-path.ts) refuses everything.
 */
export function headerGuard(fields: HeaderGuardFields): LoadedGuard {
  const name = fields.header_name.toLowerCase();
  const steps = fields.jq_filter === null ? null : parseJqPath(fields.jq_filter);
  if (fields.jq_filter !== null && steps === null) {
    return refusingGuard(ACCESS_DENIED);
  }
  return {
    denial(request) {
      const header = headerValue(request, name);
      const decoded = header === undefined ? undefined : decodeBase64(header);
      if (decoded === undefined) {
        return ACCESS_DENIED;
      }
      const value = steps === null ? decoded : filtered(decoded, steps);
      return value === fields.header_value ? undefined : ACCESS_DENIED;
    },
  };
}

/** A member of a composite guard: its name (refusals name it) and the guard. */
export interface CompositeMember {
  name: string;
  guard: LoadedGuard;
}

/**
 * `core.composite`: permits when any member does, or when it has none. A refusal collects every
 * member's, in name order: `Access denied by every guard: <name>: <reason>; <name>: <reason>`.
 */
export function compositeGuard(members: readonly CompositeMember[]): LoadedGuard {
  const ordered = [...members].sort((one, other) => (one.name < other.name ? -1 : one.name > other.name ? 1 : 0));
  return {
    async denial(request) {
      const reasons: string[] = [];
      for (const member of ordered) {
        const reason = await member.guard.denial(request);
        if (reason === undefined) {
          return undefined;
        }
        reasons.push(`${member.name}: ${reason}`);
      }
      return reasons.length === 0 ? undefined : `Access denied by every guard: ${reasons.join('; ')}`;
    },
  };
}

/** The request's header `lowerName` (any case); the first of a repeated one. */
export function headerValue(request: GuardRequest, lowerName: string): string | undefined {
  const found = Object.entries(request.headers).find(([key]) => key.toLowerCase() === lowerName)?.[1];
  return Array.isArray(found) ? found[0] : found;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Standard, padded base64 of UTF-8 text, decoded; undefined when it is not. */
function decodeBase64(text: string): string | undefined {
  const trimmed = text.trim();
  if (!BASE64.test(trimmed)) {
    return undefined;
  }
  try {
    return UTF8.decode(Buffer.from(trimmed, 'base64'));
  } catch {
    return undefined;
  }
}

/** The filter's result as text to compare, or undefined (not JSON, nothing found, null). */
function filtered(decoded: string, steps: readonly JqStep[]): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoded);
  } catch {
    return undefined;
  }
  const result = applyJqPath(parsed, steps);
  if (result === undefined || result === null) {
    return undefined;
  }
  return typeof result === 'string' ? result : JSON.stringify(result);
}
