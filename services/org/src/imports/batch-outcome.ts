import { ImportLineError } from './import.entity';

/** What one batch of an import did: the ids it created, the fields it changed, what failed. */
export class BatchOutcome {
  readonly errors: ImportLineError[] = [];
  readonly created = new Set<string>();
  readonly updated = new Map<string, Set<string>>();
  unchanged = 0;
  /** Rows of the file that changed a stored record (not counting what resolving references changed). */
  rowsUpdated = 0;
  /**
   * Ids created by rows that also failed (written without the link they asked
   * for): they get their events, but the rows count as failed, not created.
   */
  readonly createdByFailedRows = new Set<string>();

  /** Rows of the file that created a record. */
  get rowsCreated(): number {
    return [...this.created].filter((id) => !this.createdByFailedRows.has(id)).length;
  }

  /** Records that `fields` of `id` changed (an id created in this batch stays "created"). */
  change(id: string, fields: string[]): void {
    if (this.created.has(id)) {
      return;
    }
    const known = this.updated.get(id) ?? new Set<string>();

    fields.forEach((f) => known.add(f));
    this.updated.set(id, known);
  }
}
