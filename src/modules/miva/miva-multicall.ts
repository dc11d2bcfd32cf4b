import type { MivaOperation } from './miva-client.types';

// Multicall (`Operations`) decisions, pure: the request body, the `Range` of a continuation and
// whether an answer fits what is still outstanding. A 206 means Miva ran the first operations
// only; the same bytes are resent with `Range: Operations=<done+1>-<total>` (docs/MIVA.md
// §3.4). The loop that sends them is MivaClient.multicall.

/** The request body: one `Operations` entry per operation, iterations included. */
export function multicallPayload(operations: MivaOperation[]): Record<string, unknown> {
  return {
    Operations: operations.map((op) => ({
      Function: op.function,
      ...op.params,
      ...(op.iterations ? { Iterations: op.iterations } : {}),
    })),
  };
}

/** `Range` for the next request: none for the first, `Operations=<done+1>-<total>` after. */
export function continuationRange(completed: number, total: number): string | undefined {
  return completed === 0 ? undefined : `Operations=${completed + 1}-${total}`;
}

/** `Content-Range: <completed>/<total>` (total may be `*`). */
export function parseContentRange(
  value: string | undefined,
): { completed: number; total?: number } | undefined {
  if (!value) {
    return undefined;
  }
  const match = /(\d+)\s*\/\s*(\d+|\*)\s*$/.exec(value);
  if (!match) {
    return undefined;
  }
  return {
    completed: Number(match[1]),
    total: match[2] === '*' ? undefined : Number(match[2]),
  };
}

export interface MivaMulticallAnswer {
  status: number;
  /** Results in this answer. */
  received: number;
  /** Results collected before it. */
  completed: number;
  /** Operations in the request. */
  total: number;
  /** The answer's `Content-Range` header. */
  contentRange?: string;
}

export type MivaMulticallStep =
  /** A 206 that fits: keep its results, ask for the rest. */
  | { kind: 'partial' }
  /** Every outstanding operation has its result. */
  | { kind: 'complete' }
  /** The answer does not fit the request (results could be misassigned). */
  | { kind: 'inconsistent'; reason: string };

/** Whether an array answer to a multicall (or its continuation) fits what is outstanding. */
export function judgeMulticallAnswer(answer: MivaMulticallAnswer): MivaMulticallStep {
  const { received, completed, total } = answer;
  const remaining = total - completed;
  if (answer.status !== 206) {
    return received === remaining
      ? { kind: 'complete' }
      : { kind: 'inconsistent', reason: `${received} results for ${remaining} operations` };
  }
  if (received === 0 || received >= remaining) {
    return {
      kind: 'inconsistent',
      reason: `206 with ${received} results for ${remaining} remaining operations`,
    };
  }
  const range = parseContentRange(answer.contentRange);
  if (range) {
    // Miva counts the operations completed in this response; accept an absolute end too.
    const consistent = range.completed === received || range.completed === completed + received;
    if (!consistent || (range.total !== undefined && range.total !== total)) {
      return {
        kind: 'inconsistent',
        reason: `Content-Range ${range.completed}/${range.total ?? '*'} does not match ${received} results of ${total}`,
      };
    }
  }
  return { kind: 'partial' };
}
