/** One line of an index page: a file, or a directory (its name ending in `/`). */
export interface ListingEntry {
  name: string;
  date?: Date;
  size?: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const NAME_COLUMN = 100;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

/** Jinja's `e` filter (markupsafe), which Pulp's template applies to names. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

/** `%d-%b-%Y %H:%M` in UTC. */
function listingDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

/** Jinja's `filesizeformat` (decimal units): `1 Byte`, `999 Bytes`, `1.2 kB`, `3.4 MB`. */
export function fileSize(bytes: number): string {
  if (bytes === 1) {
    return '1 Byte';
  }
  if (bytes < 1000) {
    return `${bytes} Bytes`;
  }
  const prefixes = ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  for (let i = 0; i < prefixes.length; i++) {
    const unit = 1000 ** (i + 2);
    if (bytes < unit || i === prefixes.length - 1) {
      return `${((1000 * bytes) / unit).toFixed(1)} ${prefixes[i]}`;
    }
  }
  return `${bytes} Bytes`;
}

/**
 * The index page Pulp renders for the content root, a partial base path, a distribution's root and
 * its directories (content-app spec §4): entries sorted by name, the name column padded to 100.
 */
export function renderListing(path: string, entries: readonly ListingEntry[], { root = false } = {}): string {
  const title = escapeHtml(path);
  const lines = [...entries]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ name, date, size }) => {
      const escaped = escapeHtml(name);
      const padding = ' '.repeat(Math.max(0, NAME_COLUMN - escaped.length));
      const when = date ? listingDate(date) : '';
      const bytes = size !== undefined && size > 0 ? fileSize(size) : '';
      return `<a href="./${escaped}">${escaped}</a>${padding}${when}  ${bytes}\n`;
    });
  return (
    `<html>\n<head><title>Index of ${title}</title></head>\n<body bgcolor="white">\n<h1>Index of ${title}</h1>\n<hr><pre>\n` +
    (root ? '' : '<a href="../">../</a>\n') +
    lines.join('') +
    '</pre><hr></body>\n</html>\n'
  );
}
