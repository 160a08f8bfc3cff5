// A peer's categorisation as the merge keeps it: its category and sorted annotations, checked against the
// vocabulary, kept per workstation in merge_facts (settle.ts decides what the item's row says).
import { categories, type Category } from '../../../../shared/review';
import { strings, text } from './entries';

export interface CategoryValue {
  category: Category;
  annotations: string[];
}

export function categoryValue(details: Record<string, unknown>): CategoryValue | null {
  const category = text(details, 'category');
  const annotations = strings(details, 'annotations');
  if (!category || !(categories as readonly string[]).includes(category) || !annotations) return null;
  return { category: category as Category, annotations: [...new Set(annotations)].sort() };
}

export function valueText(value: CategoryValue): string {
  return JSON.stringify({ category: value.category, annotations: value.annotations });
}
