/**
 * Jain's fairness index of an allocation, (Σx)² / (n·Σx²): 1 when everybody got the same, 1/n when
 * one got everything, k/n when k got equal shares and the rest nothing.
 * https://en.wikipedia.org/wiki/Fairness_measure#Jain's_fairness_index
 *
 * An empty list and an all-zero list count as perfectly fair (1): nobody got less than anybody else.
 * Negative or non-finite amounts are a caller's bug and throw a RangeError.
 *
 * @example jainIndex([500, 500, 500, 500]) // 1
 * @example jainIndex([10, 0, 0, 0])        // 0.25
 */
export function jainIndex(amounts: readonly number[]): number {
  let sum = 0;
  let sumOfSquares = 0;
  for (const amount of amounts) {
    if (!Number.isFinite(amount) || amount < 0)
      throw new RangeError(`Jain's index needs non-negative finite amounts, got ${amount}`);
    sum += amount;
    sumOfSquares += amount * amount;
  }
  if (sumOfSquares === 0) return 1;
  return (sum * sum) / (amounts.length * sumOfSquares);
}
