// The screens beside review and reports (banks, people, audit, holds, decisions, the dashboard…): each is
// listed once here with the channel whose access decides who sees it, and is shown in place of the grid
// when chosen from the sidebar. A screen never decides access itself; the core refuses what it may not do.
import type { ComponentType } from 'react';
import type { Channel } from '../../../shared/contract';
import { Appeals } from '../decisions/Appeals';
import { CaseDecisions } from '../decisions/CaseDecisions';
import { GatePolicyEditor } from '../decisions/GatePolicyEditor';
import { Quality } from '../decisions/Quality';
import { ReviewQueue } from '../decisions/ReviewQueue';
import { HoldsScreen } from '../preservation/HoldsScreen';
import { PackagesScreen } from '../preservation/PackagesScreen';
import { RetentionScreen } from '../preservation/RetentionScreen';
import { ConflictsScreen } from '../conflicts/ConflictsScreen';
import { BanksScreen } from '../admin/BanksScreen';
import { PeopleScreen } from '../admin/PeopleScreen';
import { VaultScreen } from '../admin/VaultScreen';
import { AuditScreen } from '../audit/AuditScreen';
import { DashboardScreen } from '../dashboard/DashboardScreen';
import { CasesScreen } from '../intake/CasesScreen';
import { IntakeScreen } from '../intake/IntakeScreen';
import { SyncScreen } from '../sync/SyncScreen';

export interface ScreenSpec {
  /** Stable id, also the test hook: the screen's main element is labelled with its title. */
  id: string;
  title: string;
  /** The channel the screen reads first: a role that may not call it does not see the screen. */
  channel: Channel;
  component: ComponentType;
}

export const screens: readonly ScreenSpec[] = [
  { id: 'decisions', title: 'Case decisions', channel: 'decisions.list', component: CaseDecisions },
  { id: 'second-review', title: 'Second review', channel: 'decisions.review', component: ReviewQueue },
  { id: 'appeals', title: 'Appeals', channel: 'appeals.list', component: Appeals },
  { id: 'fairness-gate', title: 'Fairness gate', channel: 'gate.configure', component: GatePolicyEditor },
  { id: 'quality', title: 'Review quality', channel: 'quality.agreement', component: Quality },
  { id: 'holds', title: 'Legal holds', channel: 'holds.add', component: HoldsScreen },
  { id: 'retention', title: 'Retention', channel: 'retention.run', component: RetentionScreen },
  {
    id: 'preservation',
    title: 'Preservation packages',
    channel: 'preservation.packages',
    component: PackagesScreen,
  },
  { id: 'intake', title: 'Ingest', channel: 'ingest.start', component: IntakeScreen },
  { id: 'cases', title: 'Cases', channel: 'cases.board', component: CasesScreen },
  { id: 'banks', title: 'Banks', channel: 'banks.list', component: BanksScreen },
  { id: 'people', title: 'People', channel: 'users.list', component: PeopleScreen },
  { id: 'audit', title: 'Audit', channel: 'ledger.query', component: AuditScreen },
  { id: 'dashboard', title: 'Dashboard', channel: 'dashboard.view', component: DashboardScreen },
  { id: 'vault', title: 'Vault', channel: 'vault.location', component: VaultScreen },
  { id: 'conflicts', title: 'Conflicts', channel: 'conflicts.list', component: ConflictsScreen },
  { id: 'sync', title: 'Sync', channel: 'sync.status', component: SyncScreen },
];
