/** The catalog of explanations: types and lookups, for daemon and clients alike. */
export { FAMILIES, isFamily, type Explanation, type Family, type Verdict } from './explanation';
export { EXPLANATIONS, explainCode, explainExit, familyOfProgram, parseCode, undocumentedExit } from './catalog';
