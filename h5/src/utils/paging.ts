// Cursor pages (Relay connections) as the lists use them.

/** One page of a connection, flattened. */
export interface Page<T> {
  nodes: T[]
  endCursor: string | null
  hasNextPage: boolean
  totalCount: number
}

/** A connection as the server sends it. */
export interface Connection<T> {
  totalCount: number
  pageInfo: { hasNextPage: boolean; endCursor?: string | null }
  edges: ReadonlyArray<{ node: T }>
}

/** Flattens a connection into a Page. */
export function pageOf<T>(conn: Connection<T>): Page<T> {
  return {
    nodes: conn.edges.map((e) => e.node),
    endCursor: conn.pageInfo.endCursor ?? null,
    hasNextPage: conn.pageInfo.hasNextPage,
    totalCount: conn.totalCount,
  }
}

/** A connection that lists its nodes without edges (the staff directory's, the external contacts'). */
export interface NodeConnection<T> {
  totalCount: number
  pageInfo: { hasNextPage: boolean; endCursor?: string | null }
  nodes: ReadonlyArray<T>
}

/** Flattens a connection of nodes into a Page, made into a row by `withId` (rows are told apart by id). */
export function pageOfNodes<N, T extends { id: string }>(conn: NodeConnection<N>, withId: (n: N) => T): Page<T> {
  return {
    nodes: conn.nodes.map(withId),
    endCursor: conn.pageInfo.endCursor ?? null,
    hasNextPage: conn.pageInfo.hasNextPage,
    totalCount: conn.totalCount,
  }
}

/**
 * The list with the new nodes appended, skipping ids it already holds (a row published between two pages shifts
 * the next page by one, and a reply of one's own may already be shown).
 */
export function appendUnique<T extends { id: string }>(list: ReadonlyArray<T>, incoming: ReadonlyArray<T>): T[] {
  const seen = new Set(list.map((n) => n.id))
  const out = [...list]
  for (const n of incoming) {
    if (seen.has(n.id)) continue
    seen.add(n.id)
    out.push(n)
  }
  return out
}
