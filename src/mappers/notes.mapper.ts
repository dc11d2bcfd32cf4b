import type { MivaNote } from '../miva-model/miva.models';
import {
  isoFromUnix,
  readArray,
  readInt,
  readObject,
  readString,
  readText,
  type ReadContext,
} from './miva-input';
import type { OmsNote } from './oms-order.types';

/** Order notes in Miva's order; staff may type anything, so the text is card-number-masked. */
export function mapNotes(ctx: ReadContext, raw: MivaNote[] | null | undefined): OmsNote[] {
  const notes = readArray(ctx, raw, 'notes');
  const out: OmsNote[] = new Array<OmsNote>(notes.length);
  for (let i = 0; i < notes.length; i++) {
    const n = readObject(ctx, notes[i], 'notes', i);
    const author = readString(n.admin_user).trim();
    out[i] = {
      sourceId: readInt(ctx, n.id, 'notes', i, 'id'),
      text: readText(n.notetext),
      createdAt: isoFromUnix(ctx, n.dtstamp, 'notes', i, 'dtstamp'),
      author: author === '' ? null : author,
    };
  }
  return out;
}
