/** The catalog of explanations as the Markdown table docs/agent-reference.md keeps ("Every code explained"). */
import type { Explanation } from '../../contract/explanations';

export const EXPLANATION_TABLE_HEADING = 'Every code explained';
export const EXPLANATION_TABLE_HEADER = ['code', 'family', 'summary', 'what it means', 'what to do'];

export function explanationRow(e: Explanation): string[] {
  return [String(e.code), e.family, e.summary, e.meaning, e.remedy];
}

/** The table's Markdown, for pasting into the doc when the catalog changes. */
export function explanationTableMarkdown(entries: readonly Explanation[]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(EXPLANATION_TABLE_HEADER), line(EXPLANATION_TABLE_HEADER.map(() => '---')), ...entries.map((e) => line(explanationRow(e)))].join('\n');
}
