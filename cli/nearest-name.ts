/** "Did you mean ...?": the known name nearest to a mistyped one, by edit distance. */
import leven from 'leven';

/**
 * The name in `names` nearest to `typed`, when it is near enough to be what was
 * meant: at most a third of its letters wrong (one at least), so `stauts`
 * finds `status` and `frobnicate` finds nothing. A tie goes to the earlier name.
 */
export function nearestName(typed: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const distance = leven(typed, name);
    if (distance < bestDistance) [best, bestDistance] = [name, distance];
  }
  if (best === undefined) return undefined;
  return bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}
