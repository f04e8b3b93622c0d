/**
 * The two fields of /proc/<pid>/stat that process groups need: the state
 * (a zombie is already dead) and the process group. The command name in the
 * middle may hold spaces and parentheses, so the fields are read after its
 * last ")".
 */
import * as fs from 'node:fs';

export interface ProcStat {
  /** R, S, D, ..., Z (zombie), X (dead). */
  state: string;
  pgrp: number;
}

/** `file` is a /proc/<pid>/stat; undefined when the process is gone or the file cannot be read. */
export function readProcStat(file: string): ProcStat | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], pgrp: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

/** The pid folders of a /proc; undefined when it cannot be listed (no /proc on this system). */
export function listProcPids(procRoot: string): string[] | undefined {
  try {
    return fs.readdirSync(procRoot).filter((entry) => /^\d+$/.test(entry));
  } catch {
    return undefined;
  }
}
