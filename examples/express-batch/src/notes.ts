/** A note in the example's in-memory store. */
export interface Note {
  id: string;
  title: string;
  done: boolean;
  /** Bumped on every change; the ETag is derived from it. */
  version: number;
}

/**
 * An in-memory note store.
 *
 * @example
 * const notes = new NoteStore();
 * notes.create({ title: 'Write docs' });
 */
export class NoteStore {
  readonly #notes = new Map<string, Note>();
  #nextId = 1;

  /**
   * All notes, in creation order.
   *
   * @example
   * notes.list(); // [{ id: '1', title: 'Write docs', done: false, version: 1 }]
   */
  list(): Note[] {
    return [...this.#notes.values()];
  }

  /**
   * The note with this id, if any.
   *
   * @example
   * notes.get('1');
   */
  get(id: string): Note | undefined {
    return this.#notes.get(id);
  }

  /**
   * Stores a new note and returns it.
   *
   * @example
   * notes.create({ title: 'Write docs' }); // { id: '1', title: 'Write docs', done: false, version: 1 }
   */
  create(fields: { title: string; done?: boolean }): Note {
    const note: Note = { id: String(this.#nextId++), title: fields.title, done: fields.done ?? false, version: 1 };
    this.#notes.set(note.id, note);
    return note;
  }

  /**
   * Changes a note and returns it, or `undefined` when there is no such note.
   *
   * @example
   * notes.update('1', { done: true });
   */
  update(id: string, fields: { title?: string; done?: boolean }): Note | undefined {
    const note = this.#notes.get(id);
    if (!note) return undefined;
    Object.assign(note, fields, { version: note.version + 1 });
    return note;
  }

  /**
   * Removes a note; whether there was one.
   *
   * @example
   * notes.delete('1'); // true
   */
  delete(id: string): boolean {
    return this.#notes.delete(id);
  }
}

/**
 * The ETag of a note's current version (RFC 9110 §8.8.3).
 *
 * @example
 * etagOf({ id: '1', title: 'x', done: false, version: 3 }); // '"1-3"'
 */
export function etagOf(note: Note): string {
  return `"${note.id}-${note.version}"`;
}
