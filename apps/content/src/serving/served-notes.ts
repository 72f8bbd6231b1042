import type { FastifyReply } from 'fastify';
import type { StoredFile } from './artifact-sender';

/** A cacheable answer, as the serving code sent it (content-app spec §8). */
export type ServedAnswer =
  /** A stored artifact file, sent with these headers (plus its validators, ranges and conditions). */
  | { type: 'FileResponse'; file: StoredFile; headers: Record<string, string>; path?: string }
  /** A page (a listing), as the reply's status and headers say. */
  | { type: 'Response'; text: string }
  /** A redirect to storage (a presigned URL, valid for `lifetime` seconds). */
  | { type: 'Redirect'; location: string; lifetime?: number };

/** What one request was answered with, noted while a response cache watches it. */
export interface ServedNote {
  /** The distribution the path matched: its base path is the cache's hash key. */
  distribution?: { servedPath: string; guarded: boolean };
  answer?: ServedAnswer;
}

const notes = new WeakMap<FastifyReply, ServedNote>();

/** Starts noting what `reply` answers (the serving code notes nothing for replies nobody watches). */
export function watchServed(reply: FastifyReply): ServedNote {
  const note: ServedNote = {};
  notes.set(reply, note);
  return note;
}

export function noteDistribution(
  reply: FastifyReply,
  distribution: { servedPath: string; contentGuardId: string | null },
): void {
  const note = notes.get(reply);
  if (note) {
    note.distribution = { servedPath: distribution.servedPath, guarded: distribution.contentGuardId !== null };
  }
}

export function noteAnswer(reply: FastifyReply, answer: ServedAnswer): void {
  const note = notes.get(reply);
  if (note) {
    note.answer = answer;
  }
}
