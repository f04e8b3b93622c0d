/** How `mobilityctl explain` prints explanations: one block per entry, or the table of every code. */
import type { Explanation } from '../../contract/explanations';
import { formatTable } from '../output/table';

/** "99 (installer): prerequisites not met" and the indented meaning and remedy; blocks apart by a blank line. */
export function explanationText(entries: readonly Explanation[]): string {
  return entries
    .map((e) => {
      const rows = [
        ['what it means:', e.meaning],
        ['what to do:', e.remedy],
      ];
      return `${e.code} (${e.family}): ${e.summary}\n${formatTable(rows, { indent: 2, gap: 1 })}`;
    })
    .join('\n');
}

/** CODE, FAMILY, VERDICT, SUMMARY: the codes `mobilityctl explain` knows. */
export function explanationList(entries: readonly Explanation[]): string {
  const rows = entries.map((e) => [String(e.code), e.family, e.verdict, e.summary]);
  return formatTable([['CODE', 'FAMILY', 'VERDICT', 'SUMMARY'], ...rows]);
}
