import { TenantTx } from '@rivet/database';

/** A stored record's link upward: its parent (or manager) by external id, or by id when set by hand. */
export interface StoredLink {
  id: string;
  externalId: string | null;
  parentId: string | null;
  parentExternalId: string | null;
}

interface Node {
  externalId: string | null;
  id: string | null;
}

const TABLES = {
  departments: { parentId: 'parent_id', parentExternalId: 'parent_external_id' },
  members: { parentId: 'manager_id', parentExternalId: 'manager_external_id' },
} as const;

/**
 * The stored records named by `externalIds` and every record above them,
 * following both resolved and pending links. Stops at a loop in stored data.
 */
export async function loadLinksAbove(
  tx: TenantTx,
  table: keyof typeof TABLES,
  externalIds: string[],
): Promise<StoredLink[]> {
  if (externalIds.length === 0) {
    return [];
  }
  const { parentId, parentExternalId } = TABLES[table];

  return (await tx.manager.query(
    `WITH RECURSIVE up AS (
       SELECT t.id, t.external_id, t.${parentId} AS parent_id,
              t.${parentExternalId} AS parent_external_id
         FROM ${table} t WHERE t.tenant_id = $1 AND t.external_id = ANY($2::text[])
       UNION
       SELECT t.id, t.external_id, t.${parentId}, t.${parentExternalId}
         FROM ${table} t JOIN up ON t.id = up.parent_id OR t.external_id = up.parent_external_id
        WHERE t.tenant_id = $1)
     SELECT id, external_id AS "externalId", parent_id AS "parentId",
            parent_external_id AS "parentExternalId" FROM up`,
    [tx.tenantId, [...new Set(externalIds)]],
  )) as StoredLink[];
}

/**
 * The upward links (department parents, member managers) of what is stored,
 * with the links an import's rows ask for laid over them one row at a time,
 * so that a row whose link would close a cycle (through stored records,
 * pending references or earlier rows of the file) is found before anything
 * is written.
 */
export class LinkGraph {
  private readonly byExternalId = new Map<string, StoredLink>();
  private readonly byId = new Map<string, StoredLink>();
  /** Links asked for by rows already accepted, by external id (null: no parent). */
  private readonly proposed = new Map<string, string | null>();

  constructor(stored: StoredLink[]) {
    for (const link of stored) {
      this.byId.set(link.id, link);
      if (link.externalId !== null) {
        this.byExternalId.set(link.externalId, link);
      }
    }
  }

  /**
   * Lays the link `externalId → parentExternalId` over the graph, unless it
   * would make the record its own ancestor: then returns the cycle (names
   * from the record up to itself again) and leaves the graph as it was.
   * `id` is the stored record's id when it has one (it may be linked to by id).
   */
  propose(externalId: string, parentExternalId: string | null, id?: string): string[] | null {
    if (parentExternalId === null) {
      this.proposed.set(externalId, null);

      return null;
    }
    const chain = [externalId];
    const visited = new Set<string>();
    let node: Node | null = { externalId: parentExternalId, id: null };

    while (node) {
      const canonical = this.canonical(node);
      const name = canonical.externalId ?? canonical.id ?? '?';

      chain.push(name);
      if (canonical.externalId === externalId || (id !== undefined && canonical.id === id)) {
        return chain;
      }
      if (visited.has(name)) {
        // A loop already stored that does not pass through this record.
        break;
      }
      visited.add(name);
      node = this.parentOf(canonical);
    }
    this.proposed.set(externalId, parentExternalId);

    return null;
  }

  /** A node reached by id named by its external id when it has one. */
  private canonical(node: Node): Node {
    if (node.externalId === null && node.id !== null) {
      const stored = this.byId.get(node.id);

      if (stored?.externalId) {
        return { externalId: stored.externalId, id: stored.id };
      }
    }

    return node;
  }

  private parentOf(node: Node): Node | null {
    if (node.externalId !== null && this.proposed.has(node.externalId)) {
      const parent = this.proposed.get(node.externalId) ?? null;

      return parent === null ? null : { externalId: parent, id: null };
    }
    const stored =
      node.externalId !== null
        ? this.byExternalId.get(node.externalId)
        : this.byId.get(node.id ?? '');

    if (!stored) {
      return null;
    }
    if (stored.parentExternalId !== null) {
      return { externalId: stored.parentExternalId, id: null };
    }

    return stored.parentId === null ? null : { externalId: null, id: stored.parentId };
  }
}
