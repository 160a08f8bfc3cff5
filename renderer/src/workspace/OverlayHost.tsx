// The one open dialog, if any: the workspace store says which, and the screen that hosts it says which
// component each dialog is, so the workspace never depends on review or report.
import type { ComponentType } from 'react';
import { useWorkspace, type Overlay } from './store';

export type OverlayDialogs = Readonly<Record<Overlay, ComponentType>>;

export function OverlayHost({ dialogs }: { dialogs: OverlayDialogs }) {
  const overlay = useWorkspace((s) => s.overlay);
  if (!overlay) return null;
  const Open = dialogs[overlay];
  return <Open />;
}
