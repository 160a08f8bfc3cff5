// The screens beside review and reports (banks, people, audit, holds, decisions, the dashboard…): each is
// listed once here with the channel whose access decides who sees it, and is shown in place of the grid
// when chosen from the sidebar, under its group's heading (screens/groups.ts). A screen never decides access
// itself; the core refuses what it may not do.
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
import type { ScreenGroup } from './groups';

export interface ScreenSpec {
  /** Stable id, also the test hook: the screen's main element is labelled with its title. */
  id: string;
  title: string;
  /** The channel the screen reads first: a role that may not call it does not see the screen. */
  channel: Channel;
  /** The sidebar heading it is listed under: review, supervision, counsel or administration. */
  group: ScreenGroup;
  component: ComponentType;
}

export const screens: readonly ScreenSpec[] = [
  {
    id: 'decisions',
    title: 'Case decisions',
    channel: 'decisions.list',
    group: 'review',
    component: CaseDecisions,
  },
  {
    id: 'second-review',
    title: 'Second review',
    channel: 'decisions.review',
    group: 'review',
    component: ReviewQueue,
  },
  { id: 'appeals', title: 'Appeals', channel: 'appeals.list', group: 'supervision', component: Appeals },
  {
    id: 'fairness-gate',
    title: 'Fairness gate',
    channel: 'gate.configure',
    group: 'administration',
    component: GatePolicyEditor,
  },
  {
    id: 'quality',
    title: 'Review quality',
    channel: 'quality.agreement',
    group: 'supervision',
    component: Quality,
  },
  { id: 'holds', title: 'Legal holds', channel: 'holds.add', group: 'counsel', component: HoldsScreen },
  {
    id: 'retention',
    title: 'Retention',
    channel: 'retention.run',
    group: 'counsel',
    component: RetentionScreen,
  },
  {
    id: 'preservation',
    title: 'Preservation packages',
    channel: 'preservation.packages',
    group: 'counsel',
    component: PackagesScreen,
  },
  { id: 'intake', title: 'Ingest', channel: 'ingest.start', group: 'review', component: IntakeScreen },
  { id: 'cases', title: 'Cases', channel: 'cases.board', group: 'review', component: CasesScreen },
  { id: 'banks', title: 'Banks', channel: 'banks.list', group: 'administration', component: BanksScreen },
  { id: 'people', title: 'People', channel: 'users.list', group: 'administration', component: PeopleScreen },
  { id: 'audit', title: 'Audit', channel: 'ledger.query', group: 'supervision', component: AuditScreen },
  {
    id: 'dashboard',
    title: 'Dashboard',
    channel: 'dashboard.view',
    group: 'supervision',
    component: DashboardScreen,
  },
  { id: 'vault', title: 'Vault', channel: 'vault.location', group: 'administration', component: VaultScreen },
  {
    id: 'conflicts',
    title: 'Conflicts',
    channel: 'conflicts.list',
    group: 'supervision',
    component: ConflictsScreen,
  },
  { id: 'sync', title: 'Sync', channel: 'sync.status', group: 'administration', component: SyncScreen },
];
