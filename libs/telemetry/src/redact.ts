// A query value: after `?` or `&` and a name, up to the next `&`, `#` or blank.
const QUERY_VALUE = /([?&][^=&#\s]*=)[^&#\s]*/g;

/**
 * `text` (a URL, or a message quoting URLs) with every query value replaced: signed URLs and
 * tokens carry their secrets there, and spans leave the machine.
 */
export function redactQueryValues(text: string): string {
  return text.replace(QUERY_VALUE, '$1REDACTED');
}

/** A bare query string (`a=1&b=2`) with every value replaced. */
export function redactQuery(query: string): string {
  return redactQueryValues(`?${query}`).slice(1);
}
