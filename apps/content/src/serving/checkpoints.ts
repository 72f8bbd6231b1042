/** A checkpoint publication of a repository: when it was made, and what it serves. */
export interface Checkpoint<S> {
  created: Date;
  source: S;
}

const STAMP = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** `%Y%m%dT%H%M%SZ` (UTC): how a checkpoint is named in its distribution's URLs. */
export function checkpointStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** The end of the second a stamp names (ms), or undefined when it is not a stamp. */
function endOfSecond(stamp: string): number | undefined {
  const match = STAMP.exec(stamp);
  if (!match) {
    return undefined;
  }
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const time = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls a 13th month or a 61st second over; a stamp must name a real second.
  return checkpointStamp(new Date(time)) === stamp ? time + 999 : undefined;
}

/**
 * The checkpoint a stamp asks for (content-app spec §3): the newest made within or before its
 * second. None for a malformed stamp, one in the future, or one before every checkpoint.
 */
export function checkpointAt<S>(
  checkpoints: readonly Checkpoint<S>[],
  stamp: string,
  now = new Date(),
): Checkpoint<S> | undefined {
  const until = endOfSecond(stamp);
  if (until === undefined || until - 999 > now.getTime()) {
    return undefined;
  }
  let found: Checkpoint<S> | undefined;
  for (const checkpoint of checkpoints) {
    if (checkpoint.created.getTime() <= until && (!found || checkpoint.created > found.created)) {
      found = checkpoint;
    }
  }
  return found;
}
