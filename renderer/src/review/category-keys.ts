// The digit a reviewer presses for each category, in the grid and in the categorising dialogs alike.
import type { Category } from '../../../shared/review';

export const categoryKeys = { '1': 'A1', '2': 'A2', '3': 'B1', '4': 'B2', '0': 'none' } as const;
export type CategoryKey = keyof typeof categoryKeys;

/** The key of each category, for the buttons that show it. */
export const keyOfCategory = Object.fromEntries(
  Object.entries(categoryKeys).map(([key, category]) => [category, key]),
) as Record<Category, CategoryKey>;

/** The category digit of a key event (top row or keypad, any layout), or null. */
export function categoryDigit(event: { code: string; key: string }): CategoryKey | null {
  const fromCode = /^(?:Digit|Numpad)([0-4])$/.exec(event.code)?.[1];
  const digit = fromCode ?? (/^[0-4]$/.test(event.key) ? event.key : null);
  return digit ? (digit as CategoryKey) : null;
}
