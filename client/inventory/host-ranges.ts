/**
 * Ansible's host ranges: web[01:03] names web01, web02 and web03 (the leading
 * zeros set the width), db-[a:c] names db-a to db-c, and [1:9:2] steps by 2.
 */
const RANGE = /\[([0-9a-zA-Z]+):([0-9a-zA-Z]+)(?::(\d+))?\]/;

/** The host names a pattern stands for; a problem is thrown as a message for the caller to place. */
export function expandHostRange(pattern: string): string[] {
  const match = RANGE.exec(pattern);
  if (!match) return [pattern];
  const [whole, first, last, stepText] = match;
  const step = stepText === undefined ? 1 : Number(stepText);
  const head = pattern.slice(0, match.index);
  const tail = pattern.slice(match.index + whole.length);
  const names = rangeValues(first, last, step, whole);
  return names.flatMap((name) => expandHostRange(`${head}${name}${tail}`));
}

function rangeValues(first: string, last: string, step: number, whole: string): string[] {
  if (step < 1) throw new Error(`the host range ${whole} has step 0; give a step of 1 or more`);
  if (/^\d+$/.test(first) && /^\d+$/.test(last)) {
    const from = Number(first);
    const to = Number(last);
    if (to < from) throw new Error(`the host range ${whole} ends before it starts; write it as [FIRST:LAST]`);
    const width = first.startsWith('0') ? first.length : 0;
    const values: string[] = [];
    for (let n = from; n <= to; n += step) values.push(String(n).padStart(width, '0'));
    return values;
  }
  if (/^[a-z]$/i.test(first) && /^[a-z]$/i.test(last) && first.charCodeAt(0) <= last.charCodeAt(0)) {
    const values: string[] = [];
    for (let c = first.charCodeAt(0); c <= last.charCodeAt(0); c += step) values.push(String.fromCharCode(c));
    return values;
  }
  throw new Error(`the host range ${whole} is not a range of numbers ([01:10]) or of single letters ([a:f])`);
}
