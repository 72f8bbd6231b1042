/** The manifest's name in a mirror publication: the last segment of the remote's URL (as is when not decodable). */
export function manifestName(url: string): string {
  const segment = new URL(url).pathname.split('/').pop() || 'PULP_MANIFEST';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
