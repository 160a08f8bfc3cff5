// The screens beside review and reports (banks, people, audit, holds, decisions, the dashboard…): each is
// listed once here with the channel whose access decides who sees it, and is shown in place of the grid
// when chosen from the sidebar. A screen never decides access itself; the core refuses what it may not do.
import type { ComponentType } from 'react';
import type { Channel } from '../../../shared/contract';
import { BanksScreen } from '../admin/BanksScreen';
import { PeopleScreen } from '../admin/PeopleScreen';
import { VaultScreen } from '../admin/VaultScreen';
import { AuditScreen } from '../audit/AuditScreen';
import { DashboardScreen } from '../dashboard/DashboardScreen';
import { CasesScreen } from '../intake/CasesScreen';
import { IntakeScreen } from '../intake/IntakeScreen';

export interface ScreenSpec {
  /** Stable id, also the test hook: the screen's main element is labelled with its title. */
  id: string;
  title: string;
  /** The channel the screen reads first: a role that may not call it does not see the screen. */
  channel: Channel;
  component: ComponentType;
}

export const screens: readonly ScreenSpec[] = [
  { id: 'intake', title: 'Ingest', channel: 'ingest.start', component: IntakeScreen },
  { id: 'cases', title: 'Cases', channel: 'cases.board', component: CasesScreen },
  { id: 'banks', title: 'Banks', channel: 'banks.list', component: BanksScreen },
  { id: 'people', title: 'People', channel: 'users.list', component: PeopleScreen },
  { id: 'audit', title: 'Audit', channel: 'ledger.query', component: AuditScreen },
  { id: 'dashboard', title: 'Dashboard', channel: 'dashboard.view', component: DashboardScreen },
  { id: 'vault', title: 'Vault', channel: 'vault.location', component: VaultScreen },
];
