/** Pulp's `{"detail": …}` body for a status, with DRF's default wording when there is nothing better. */
export function errorBody(status: number, detail?: string): { detail: string } {
  const defaults: Record<number, string> = {
    400: 'Bad request.',
    401: 'Authentication credentials were not provided.',
    403: 'You do not have permission to perform this action.',
    404: 'Not found.',
    405: 'Method not allowed.',
    409: 'Conflict.',
    413: 'Request entity too large.',
    415: 'Unsupported media type.',
    503: 'Service unavailable.',
  };
  return { detail: detail ?? defaults[status] ?? 'A server error occurred.' };
}
