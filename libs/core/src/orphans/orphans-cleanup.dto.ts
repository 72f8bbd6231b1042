import { ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { PulpValidationError } from '@pulp/errors';
import { FilterValueError, referencedId } from '@pulp/rest';

const MAX_MINUTES = 4294967295;

@ApiSchema({ name: 'OrphansCleanup' })
export class OrphansCleanupDto {
  @ApiPropertyOptional({
    type: 'array',
    items: {},
    description: 'Will delete specified content and associated Artifacts if they are orphans.',
  })
  content_hrefs?: unknown;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    nullable: true,
    description:
      'The time in minutes for how long Pulp will hold orphan Content and Artifacts before they become candidates for deletion by this orphan cleanup task. This should ideally be longer than your longest running task otherwise any content created during that task could be cleaned up before the task finishes. If not specified, a default value is taken from the setting ORPHAN_PROTECTION_TIME.',
  })
  orphan_protection_time?: unknown;
}

export interface OrphansCleanupRequest {
  /** The content's ids with the reference each came from (for "not found" messages), or null for all. */
  content: { id: string; reference: string }[] | null;
  /** Minutes, or null for ORPHAN_PROTECTION_TIME. */
  protectionMinutes: number | null;
}

/**
 * Checks an orphan cleanup body (JSON, or a form's fields, which are text) with the messages of
 * Pulp's serializer; whether the content exists is the caller's to check.
 */
export function parseOrphansCleanup(raw: unknown, { form }: { form: boolean }): OrphansCleanupRequest {
  const body = (raw ?? {}) as Record<string, unknown>;
  const errors: Record<string, string[]> = {};
  for (const key of Object.keys(body)) {
    if (key !== 'content_hrefs' && key !== 'orphan_protection_time') {
      errors[key] = ['Unexpected field'];
    }
  }
  const request: OrphansCleanupRequest = { content: null, protectionMinutes: null };
  try {
    request.content = contentReferences(body.content_hrefs, form);
  } catch (error) {
    errors.content_hrefs = [(error as Error).message];
  }
  try {
    request.protectionMinutes = minutes(body.orphan_protection_time);
  } catch (error) {
    errors.orphan_protection_time = [(error as Error).message];
  }
  if (Object.keys(errors).length > 0) {
    throw new PulpValidationError(errors);
  }
  return request;
}

function contentReferences(value: unknown, form: boolean): OrphansCleanupRequest['content'] {
  if (value === undefined) {
    return null;
  }
  // A form carries one href as plain text, several as repeated fields or as JSON text.
  const list =
    form && typeof value === 'string' ? (value.trimStart().startsWith('[') ? parseJson(value) : [value]) : value;
  if (!Array.isArray(list)) {
    throw new Error(`Expected a list of items but got type "${pythonType(list)}".`);
  }
  if (list.length === 0) {
    throw new Error('Must not be [].');
  }
  return list.map((reference: unknown) => {
    if (typeof reference !== 'string') {
      throw new Error(`URI not valid: ${JSON.stringify(reference)}`);
    }
    try {
      return { id: referencedId(reference), reference };
    } catch (error) {
      throw error instanceof FilterValueError ? new Error(error.message) : error;
    }
  });
}

function minutes(value: unknown): number | null {
  if (value === undefined || value === null || value === '') {
    return null;
  }
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) {
    throw new Error('A valid integer is required.');
  }
  if (number < 0) {
    throw new Error('Ensure this value is greater than or equal to 0.');
  }
  if (number > MAX_MINUTES) {
    throw new Error(`Ensure this value is less than or equal to ${MAX_MINUTES}.`);
  }
  return number;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The Python type name DRF puts in its messages. */
function pythonType(value: unknown): string {
  if (value === null) {
    return 'NoneType';
  }
  const names: Record<string, string> = { string: 'str', number: 'int', boolean: 'bool', object: 'dict' };
  return names[typeof value] ?? typeof value;
}
