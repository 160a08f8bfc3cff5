// The renderer's own wellness filters on top of the core's blurred derivatives: extra blur by strength,
// and greyscale. Revealed images keep greyscale but no blur. Applied as CSS custom properties.
import type { CSSProperties } from 'react';
import type { WellnessSettings } from '../../../shared/review';

/** Extra blur in CSS pixels for each strength (0-3), for a ~170 px tile and a ~400 px preview. */
const extraBlur = { tile: [0, 3, 6, 10], preview: [0, 8, 16, 28] } as const;

export function mediaFilter(
  settings: Pick<WellnessSettings, 'blurStrength' | 'greyscale'>,
  where: 'tile' | 'preview' | 'revealed',
): string {
  const grey = settings.greyscale ? 'grayscale(1)' : '';
  const blur = where === 'revealed' ? 0 : (extraBlur[where][settings.blurStrength] ?? 0);
  return [blur > 0 ? `blur(${blur}px)` : '', grey].filter(Boolean).join(' ') || 'none';
}

/** Custom properties for the workspace root; styles/review.css applies them to every media element. */
export function filterVariables(settings: WellnessSettings): CSSProperties {
  return {
    '--tile-filter': mediaFilter(settings, 'tile'),
    '--preview-filter': mediaFilter(settings, 'preview'),
    '--revealed-filter': mediaFilter(settings, 'revealed'),
  } as CSSProperties;
}
