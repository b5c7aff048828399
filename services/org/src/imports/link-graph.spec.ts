import { LinkGraph, StoredLink } from './link-graph';

function stored(
  id: string,
  externalId: string | null,
  parentExternalId: string | null,
  parentId: string | null = null,
): StoredLink {
  return { id, externalId, parentId, parentExternalId };
}

describe('LinkGraph', () => {
  it('refuses the row of a file that closes a cycle with an earlier row', () => {
    const graph = new LinkGraph([]);

    expect(graph.propose('CY1', 'CY2')).toBeNull();
    expect(graph.propose('CY2', 'CY1')).toEqual(['CY2', 'CY1', 'CY2']);
    // The refused link was not laid over the graph: CY3 under CY2 is fine.
    expect(graph.propose('CY3', 'CY2')).toBeNull();
  });

  it('refuses moving a record under its own descendant, through stored links', () => {
    const graph = new LinkGraph([
      stored('t', 'TOP', null),
      stored('m', 'MID', 'TOP', 't'),
      stored('l', 'LOW', 'MID', 'm'),
    ]);

    expect(graph.propose('TOP', 'LOW')).toEqual(['TOP', 'LOW', 'MID', 'TOP']);
    expect(graph.propose('LOW', 'TOP')).toBeNull();
  });

  it('follows links set by hand (by id) and pending links (to records not there yet)', () => {
    const graph = new LinkGraph([
      stored('t', 'TOP', null),
      stored('x', null, null, 't'),
      stored('l', 'LOW', null, 'x'),
      stored('p', 'PEND', 'NEW'),
    ]);

    expect(graph.propose('TOP', 'LOW')).toEqual(['TOP', 'LOW', 'x', 'TOP']);
    expect(graph.propose('NEW', 'PEND')).toEqual(['NEW', 'PEND', 'NEW']);
    expect(graph.propose('NEW', 'TOP')).toBeNull();
  });

  it('accepts a re-parenting that breaks an old link, and stops at a stored loop', () => {
    const graph = new LinkGraph([
      stored('a', 'A', null),
      stored('b', 'B', 'A', 'a'),
      stored('l1', 'L1', 'L2', 'l2'),
      stored('l2', 'L2', 'L1', 'l1'),
    ]);

    expect(graph.propose('B', null)).toBeNull();
    expect(graph.propose('A', 'B')).toBeNull();
    expect(graph.propose('N', 'L1')).toBeNull();
  });

  it('knows a record linked to by id under its stored id, before it has an external id', () => {
    const graph = new LinkGraph([stored('b', 'BOSS', null, 'h'), stored('h', null, null)]);

    expect(graph.propose('HAND', 'BOSS')).toBeNull();
    expect(new LinkGraph([stored('b', 'BOSS', null, 'h')]).propose('HAND', 'BOSS', 'h')).toEqual([
      'HAND',
      'BOSS',
      'h',
    ]);
  });
});
