/**
 * One explained code: what the agent's installer, configurator, VSS provider or a configuration
 * server's push installation reported, in the project's own words, and what to do about it.
 * Pure data: shared by mobilityd (job records), mobilityctl (`explain`) and the extension.
 */

/** Who reports the code. The order is the order of likelihood when a bare code is looked up. */
export const FAMILIES = ['installer', 'configurator', 'vss', 'push-install'] as const;
export type Family = (typeof FAMILIES)[number];

/** What the code means for a job: the agent works (success, warning) or it does not (failure). */
export type Verdict = 'success' | 'warning' | 'failure';

export interface Explanation {
  code: number;
  family: Family;
  /** A few words, as a job's exit status shows them: "prerequisites not met". */
  summary: string;
  /** One or two sentences: what happened. Says so when the public documentation does not. */
  meaning: string;
  /** What to do, concretely. */
  remedy: string;
  verdict: Verdict;
  /** False when the public documentation gives the code no meaning. */
  documented: boolean;
}

export function isFamily(text: string): text is Family {
  return (FAMILIES as readonly string[]).includes(text);
}
