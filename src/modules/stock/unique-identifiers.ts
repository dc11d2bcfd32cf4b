import type { ErrorDetail } from '../../common/errors/domain-error';

/**
 * One validation detail per identifier that appears again in `items` (Miva compares SKUs and
 * codes without case, so `ts-red-m` repeats `TS-RED-M`), naming both positions.
 */
export function repeatedIdentifiers(
  items: readonly { identifier: string }[],
  listName: string,
): ErrorDetail[] {
  const firstAt = new Map<string, number>();
  const details: ErrorDetail[] = [];
  items.forEach(({ identifier }, index) => {
    const key = identifier.toLowerCase();
    const first = firstAt.get(key);
    if (first === undefined) {
      firstAt.set(key, index);
      return;
    }
    details.push({
      field: `${listName}.${index}.identifier`,
      message: `${identifier} is already at ${listName}.${first}: each identifier once per request`,
    });
  });
  return details;
}
