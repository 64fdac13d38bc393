/**
 * The candidate closest to `value` by edit distance (Levenshtein, case-insensitive), when it is
 * close enough to be a typo: at most 2 edits, or a third of the value's length for long names.
 * Ties go to the first candidate in `candidates` order, so the answer is deterministic.
 */
export function closestName(value: string, candidates: readonly string[]): string | undefined {
  const needle = value.toLowerCase();
  const limit = Math.max(2, Math.floor(needle.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = editDistance(needle, candidate.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** `" (did you mean 'x'?)"` for the closest candidate, or an empty string. */
export function didYouMean(value: string, candidates: readonly string[]): string {
  const match = closestName(value, candidates);
  return match !== undefined ? ` (did you mean '${match}'?)` : '';
}

/** Levenshtein distance of `a` and `b`; any value >= `cap` once the distance reaches `cap`. */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin >= cap) return cap;
    previous = current;
  }
  return previous[b.length];
}
