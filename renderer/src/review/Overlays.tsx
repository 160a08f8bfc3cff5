// The one open dialog, if any.
import { NcmecSettingsDialog, SubmitConfirmDialog } from '../report/NcmecDialogs';
import { AnnotationsPopover } from './AnnotationsPopover';
import { BreakReminder } from './BreakReminder';
import { GroupCategorise } from './GroupCategorise';
import { HelpOverlay } from './HelpOverlay';
import { ReasonPicker } from './ReasonPicker';
import { useReview } from './store';
import { WellnessDialog } from './WellnessDialog';

export function Overlays() {
  const overlay = useReview((s) => s.overlay);
  switch (overlay) {
    case 'help':
      return <HelpOverlay />;
    case 'wellness':
      return <WellnessDialog />;
    case 'annotations':
      return <AnnotationsPopover />;
    case 'group':
      return <GroupCategorise />;
    case 'reason':
      return <ReasonPicker />;
    case 'break':
      return <BreakReminder />;
    case 'ncmec':
      return <NcmecSettingsDialog />;
    case 'submit':
      return <SubmitConfirmDialog />;
    default:
      return null;
  }
}
