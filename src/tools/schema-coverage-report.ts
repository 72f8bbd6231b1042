type Json = Record<string, unknown>;
type Paths = Record<string, Record<string, Json>>;

/** How much of a reference schema's operations a served schema has, by operationId. */
export interface SchemaCoverage {
  /** Reference operations counted (those of excluded components left out). */
  total: number;
  implemented: string[];
  /** Missing operationIds by their first tag. */
  missing: Record<string, string[]>;
  /** Served operations the reference does not have. */
  extra: string[];
}

function operations(document: Json): Array<{ path: string; id: string; tag: string }> {
  return Object.entries(document.paths as Paths).flatMap(([path, item]) =>
    Object.values(item)
      .filter((operation) => typeof operation?.operationId === 'string')
      .map((operation) => ({
        path,
        id: operation.operationId as string,
        tag: ((operation.tags as string[] | undefined) ?? ['(untagged)'])[0],
      })),
  );
}

/** Compares by operationId; reference operations whose path `excluded` accepts are not counted. */
export function schemaCoverage(served: Json, reference: Json, excluded: (path: string) => boolean): SchemaCoverage {
  const wanted = operations(reference).filter((operation) => !excluded(operation.path));
  const have = new Set(operations(served).map((operation) => operation.id));
  const missing: Record<string, string[]> = {};
  for (const operation of wanted.filter(({ id }) => !have.has(id))) {
    (missing[operation.tag] ??= []).push(operation.id);
  }
  const known = new Set(operations(reference).map((operation) => operation.id));
  return {
    total: wanted.length,
    implemented: wanted.filter(({ id }) => have.has(id)).map(({ id }) => id),
    missing,
    extra: [...have].filter((id) => !known.has(id)),
  };
}

/** The report `npm run schema:coverage` prints. */
export function renderCoverage(coverage: SchemaCoverage): string {
  const lines = [`implemented ${coverage.implemented.length} of ${coverage.total} reference operations`];
  const missingCount = Object.values(coverage.missing).reduce((sum, ids) => sum + ids.length, 0);
  if (missingCount > 0) {
    lines.push('', `missing (${missingCount}):`);
    for (const [tag, ids] of Object.entries(coverage.missing).sort(([a], [b]) => (a < b ? -1 : 1))) {
      lines.push(`  ${tag}: ${ids.sort().join(', ')}`);
    }
  }
  if (coverage.extra.length > 0) {
    lines.push('', `not in the reference (${coverage.extra.length}): ${coverage.extra.sort().join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
