/** The compatibility gate (issue 10 item 3): not implemented yet in this commit — reports nothing. */
export function compatibleSdkVersion() { return 12; }
export function compatibilityProblems() { return []; }
