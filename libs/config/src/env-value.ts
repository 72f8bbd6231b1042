import { parse as parseYaml } from 'yaml';

/**
 * Turns one `PULP_*` environment value into a typed value, as Pulp's Dynaconf does:
 * `60` is a number, `true` a boolean, `[…]`/`{…}` a list/map, quotes force a string.
 * Dynaconf's explicit converters (`@int`, `@bool`, `@json`, `@none`, `@str`) are honoured.
 */
export function parseEnvValue(raw: string): unknown {
  const converter = /^@(int|float|bool|json|none|str)\b\s*(.*)$/s.exec(raw);
  if (converter) {
    const [, kind, rest] = converter;
    switch (kind) {
      case 'int':
      case 'float': {
        const value = Number(rest);
        if (rest.trim() === '' || Number.isNaN(value)) {
          throw new Error(`"${rest}" is not a number`);
        }
        return value;
      }
      case 'bool':
        return /^(true|1|yes|on)$/i.test(rest.trim());
      case 'json':
        return JSON.parse(rest) as unknown;
      case 'none':
        return null;
      default:
        return rest;
    }
  }
  if (raw.trim() === '') {
    return raw;
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(raw);
  } catch {
    // Not valid YAML (e.g. an unbalanced bracket in a password): it is a plain string.
    return raw;
  }
  // Only what YAML reads unambiguously is converted: numbers, booleans, null, quoted strings,
  // [lists] and {maps}. Anything else stays verbatim: YAML would turn `pa #ss` into `pa` (a comment),
  // `!x` into '' (a tag) and `&x` into null (an anchor), and passwords must arrive as typed.
  const text = raw.trim();
  const structured = /^["'[{]/.test(text) || (parsed === null && /^(null|Null|NULL|~)$/.test(text));
  return structured || typeof parsed === 'number' || typeof parsed === 'boolean' ? parsed : raw;
}

/** `PULP_DATABASES__default__HOST` → `['DATABASES', 'default', 'HOST']`; null when not a setting. */
export function envSettingPath(variable: string): string[] | null {
  if (!variable.startsWith('PULP_')) {
    return null;
  }
  const [name, ...nested] = variable.slice('PULP_'.length).split('__');
  if (!name || nested.some((key) => key === '')) {
    return null;
  }
  return [name.toUpperCase(), ...nested];
}
