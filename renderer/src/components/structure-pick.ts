// What a picker's typed text stands for. The engine takes ids; buyers know names. The text is an
// id when it is one of the matches' ids (a picked suggestion fills in the id), or the id of the
// one match whose name it spells exactly (case aside); anything else is sent as typed, and the
// engine says NotFound in words.
import type { StructureMatch } from '../../../contract';

export function resolvePick(text: string, matches: readonly StructureMatch[]): { id: string; match: StructureMatch | null } {
  const t = text.trim();
  const byId = matches.find((m) => m.id === t);
  if (byId) return { id: byId.id, match: byId };
  const byName = matches.filter((m) => m.name.toLowerCase() === t.toLowerCase());
  if (byName.length === 1) return { id: byName[0]!.id, match: byName[0]! };
  return { id: t, match: null };
}

/** The suggestion's label: its name and where it sits, so same-named ads can be told apart. */
export function describeMatch(m: StructureMatch): string {
  return [m.name, m.adSetName, m.campaignName].filter(Boolean).join(' · ') + (m.status === 'ACTIVE' ? '' : ` (${m.status.toLowerCase()})`);
}
