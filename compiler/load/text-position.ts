/** 1-based line and column of character offsets in one text. */
export interface TextPositions {
  at(offset: number): { line: number; column: number };
}

export function textPositions(text: string): TextPositions {
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
    lineStarts.push(i + 1);
  }

  return {
    at(offset) {
      const clamped = Math.max(0, Math.min(offset, text.length));
      const index = lastStartAtOrBefore(lineStarts, clamped);
      return { line: index + 1, column: clamped - lineStarts[index]! + 1 };
    },
  };
}

function lastStartAtOrBefore(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}
