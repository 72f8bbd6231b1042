/** Printable ASCII: what Pulp's `attachment;filename=<name>` carries as it is. */
const PLAIN = /^[\x20-\x7e]*$/;

/**
 * A redirect's `Content-Disposition` for a served file: Pulp's `attachment;filename=<name>`, and
 * for a name beyond printable ASCII (which an HTTP header cannot carry as it is) RFC 6266's
 * `filename*` with the UTF-8 name, after an ASCII stand-in for clients that know no better.
 */
export function attachmentDisposition(filename: string): string {
  if (PLAIN.test(filename)) {
    return `attachment;filename=${filename}`;
  }
  const standIn = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment;filename="${standIn}";filename*=UTF-8''${encoded}`;
}
