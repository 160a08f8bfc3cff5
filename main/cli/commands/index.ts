// Every CLI command, in the order `custody --help` lists them: its name, summary and usage (the only place
// they are written; each command takes its usage from here with listed()), and a load() that imports its
// implementation only when it runs. This file must stay free of run-time imports, so that `custody --help`
// (and any command's own --help) never loads the core, zod or a native module.
import type { Command } from '../io';

export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  load(): Promise<Command>;
}

export const commands = [
  {
    name: 'init',
    summary: 'Create an encrypted vault with its first user (an admin).',
    usage: 'custody init --vault DIR [--user NAME] [--passphrase-file FILE]',
    load: () => import('./init').then((m) => m.init),
  },
  {
    name: 'user',
    summary: 'Add a user, change a passphrase, or remove a user (one key slot each).',
    usage:
      'custody user add NAME [--role analyst|supervisor|counsel|admin] | passwd NAME [--rotate] | remove NAME --vault DIR [--user ADMIN] [--passphrase-file FILE] [--new-passphrase-file FILE]',
    load: () => import('./user').then((m) => m.user),
  },
  {
    name: 'ingest',
    summary:
      'Ingest files and folders: hash, encrypt and record each one; prints "<item-id> <sha256> <path>".',
    usage: 'custody ingest --vault DIR [--user NAME] [--json] PATH...',
    load: () => import('./ingest').then((m) => m.ingest),
  },
  {
    name: 'verify',
    summary:
      'Verify the vault: blobs decrypt with valid tags, originals match their SHA-256, database, key slots, ledger, anchors.',
    usage: 'custody verify --vault DIR [--user NAME] [--anchor FILE...] [--json]',
    load: () => import('./verify').then((m) => m.verify),
  },
  {
    name: 'shred',
    summary: 'Crypto-shred an item: destroy its key and file; its hashes and history stay in the ledger.',
    usage: 'custody shred --vault DIR [--user NAME] ITEM --reason TEXT',
    load: () => import('./shred').then((m) => m.shred),
  },
  {
    name: 'case',
    summary:
      'Write an example case file, import a case (its media are ingested with it), or list cases by deadline.',
    usage:
      'custody case example --out DIR\n' +
      '       custody case import --vault DIR FILE.json\n' +
      '       custody case list --vault DIR [--json]',
    load: () => import('./case').then((m) => m.caseCommand),
  },
  {
    name: 'banks',
    summary:
      'Import, list or remove hash banks, re-matching the vault (formats: md5sum, sha1sum, sha256sum, pdq, hashdeep, nsrl, icse, vics, ncmec, nsrl-rds3, vpdq).',
    usage:
      'custody banks import --vault DIR FILE --name NAME --version V [--kind known|allow] [--source TEXT] [--format F]\n' +
      '       custody banks list --vault DIR [--json]\n' +
      '       custody banks remove --vault DIR NAME|ID --reason TEXT',
    load: () => import('./banks').then((m) => m.banks),
  },
  {
    name: 'match',
    summary:
      'Match vault items against the banks, or images against a hash-list file (--bank-file, no vault).',
    usage:
      'custody match --vault DIR [--threshold N] [--json] [ITEM...]\n' +
      '       custody match --bank-file FILE [--format F] [--threshold N] [--json] IMAGE...',
    load: () => import('./match').then((m) => m.match),
  },
  {
    name: 'log',
    summary: 'Export, verify or show the signed access ledger, or write its checkpoint for safekeeping.',
    usage:
      'custody log export --vault DIR --out DIR [--encrypt-to age1…] | anchor --vault DIR --out FILE | verify (--vault DIR [--incremental] | --export DIR) | show --vault DIR [--item ID] [--actor USER] [--origin all|ORIGIN] [--json]',
    load: () => import('./log').then((m) => m.log),
  },
  {
    name: 'pdq',
    summary:
      'PDQ hash and quality of images, "<hash> <quality> <file>"; --dihedral adds the 8 dihedral hashes.',
    usage: 'custody pdq [--dihedral] [--json] FILE...',
    load: () => import('./pdq').then((m) => m.pdq),
  },
  {
    name: 'report',
    summary:
      "CyberTipline reports: build a case's signed package, validate XML against NCMEC's schema and rules, " +
      'and submit reports to NCMEC.',
    usage:
      'custody report build --vault DIR --case ID --out DIR [--encrypt-to age1…]\n' +
      '       custody report validate [--json] FILE.xml...\n' +
      '       custody report ncmec --vault DIR [--environment test|production|local --ncmec-user NAME\n' +
      '                            [--endpoint URL] [--ncmec-password-file FILE] [--confirm-production]]\n' +
      '       custody report submit|status|retract --vault DIR --case ID\n' +
      '       custody report resolve --vault DIR --case ID (--report-id N | --abandon) --reason TEXT',
    load: () => import('./report').then((m) => m.report),
  },
  {
    name: 'org',
    summary: "Install (PKCS#12, or self-signed for testing) or show the organisation's signing identity.",
    usage:
      'custody org self-signed --vault DIR --name ORGANISATION [--email EMAIL]   (for testing)\n' +
      '       custody org import --vault DIR FILE.p12 [--p12-password-file FILE]   (password also from CUSTODY_P12_PASSWORD)\n' +
      '       custody org show --vault DIR',
    load: () => import('./org').then((m) => m.org),
  },
  {
    name: 'vpdq',
    summary:
      'vPDQ of a video: "frameNumber,quality,pdqHex,timestampSeconds" per hashed frame; compare two videos or hash lists.',
    usage:
      'custody vpdq [--every SECONDS] [--json] VIDEO   (default one frame per second; --every 0 hashes every frame)\n' +
      '       custody vpdq compare A B [--threshold PERCENT] [--every SECONDS] [--json]   (videos or hash lists; exit 0 when both percentages reach the threshold, default 80)',
    load: () => import('./vpdq').then((m) => m.vpdq),
  },
  {
    name: 'decide',
    summary:
      'Decisions on items and cases with their rationale, blind second reviews, the fairness-gate check of a case, quality sampling.',
    usage:
      'custody decide record --vault DIR (--item ID | --case ID) --report report|no-report [--action remove-content|suspend-account|none]\n' +
      '                      [--category A1|A2|B1|B2|none] [--annotation NAME]... --rationale TEXT [--json]\n' +
      '       custody decide review|resolve --vault DIR --decision ID --report … [--action …] [--category …] --rationale TEXT\n' +
      '       custody decide list --vault DIR (--item ID | --case ID) [--json]\n' +
      '       custody decide queue --vault DIR [--json]\n' +
      '       custody decide gate --vault DIR --case ID [--json]   (exit 1 naming what is missing)\n' +
      '       custody decide sampling --vault DIR [--percent P [--seed TEXT]]\n' +
      '       custody decide agreement --vault DIR [--json]',
    load: () => import('./decision').then((m) => m.decide),
  },
  {
    name: 'appeal',
    summary: 'Enter an appeal against a decision, review it (someone who took no part), or list appeals.',
    usage:
      'custody appeal record --vault DIR --decision ID --statement TEXT\n' +
      '       custody appeal review --vault DIR --appeal ID --outcome upheld|reversed --rationale TEXT\n' +
      '       custody appeal list --vault DIR [--json]',
    load: () => import('./decision-appeal').then((m) => m.appeal),
  },
  {
    name: 'gate',
    summary: 'Show the fairness-gate policy and its versions, or (admin) set a new version with its reason.',
    usage:
      'custody gate show --vault DIR [--json]\n' +
      '       custody gate set --vault DIR [--exact-alone yes|no] [--pdq-alone N|off] [--every-item yes|no] --reason TEXT',
    load: () => import('./decision-gate').then((m) => m.gate),
  },
  {
    name: 'hold',
    summary: 'Place, release or list legal holds: held evidence is never shredded or expired.',
    usage:
      'custody hold add --vault DIR (--case ID | --item ID | --account NAME)... --matter NAME [--reason TEXT] [--decision ID]...\n' +
      '       custody hold link --vault DIR HOLD --decision ID\n' +
      '       custody hold release --vault DIR HOLD --reason TEXT\n' +
      '       custody hold list --vault DIR [--json]',
    load: () => import('./hold').then((m) => m.hold),
  },
  {
    name: 'retention',
    summary:
      'Show when each item may be deleted and why, shred what expired once confirmed, extend retention, install a policy.',
    usage:
      'custody retention show --vault DIR [--now DATE] [--json]\n' +
      '       custody retention run --vault DIR [--now DATE] [--dry-run] [--confirm LIST-DIGEST] [--json]\n' +
      '       custody retention extend --vault DIR (--case ID | --item ID) --agency NAME --reference REF --requested DATE --until DATE [--json]\n' +
      '       custody retention policy --vault DIR FILE.json',
    load: () => import('./retention').then((m) => m.retention),
  },
  {
    name: 'preserve',
    summary:
      "Write a case's preservation package (signed, timestamped BagIt), verify one with no vault, or add its timestamp.",
    usage:
      'custody preserve --vault DIR --case ID --out PATH [--tsa URL | --tsq-out FILE] [--encrypt-to RECIPIENT]...\n' +
      '                 [--encrypt-passphrase-file FILE] [--for RECIPIENT-NAME] [--contact-email EMAIL] [--json]\n' +
      '       custody preserve verify PATH [--json]\n' +
      '       custody preserve timestamp --vault DIR PACKAGE TSR',
    load: () => import('./preserve').then((m) => m.preserve),
  },
  {
    name: 'export',
    summary: "Export a case's media and Project VIC JSON (VICS 2.0) for law-enforcement tools.",
    usage: 'custody export vics --vault DIR --case ID --out DIR',
    load: () => import('./export').then((m) => m.exportCommand),
  },
  {
    name: 'conflicts',
    summary: "List conflicts between workstations' decisions, or resolve one (supervisors and admins).",
    usage:
      'custody conflicts list --vault DIR [--open] [--json]\n' +
      '       custody conflicts resolve --vault DIR CONFLICT --choose ORIGIN:SEQ --reason TEXT',
    load: () => import('./conflicts').then((m) => m.conflicts),
  },
  {
    name: 'sync',
    summary: "Offline sync: this workstation's roster card, signed encrypted bundles out and in, and status.",
    usage:
      'custody sync card --vault DIR --out FILE\n' +
      '       custody sync export --vault DIR --out FILE [--to WORKSTATION]... [--all]\n' +
      '       custody sync import --vault DIR FILE [--json]\n' +
      '       custody sync status --vault DIR [--json]',
    load: () => import('./sync').then((m) => m.sync),
  },
  {
    name: 'roster',
    summary: 'The team roster: add a peer workstation from its card (compare its fingerprint), remove, list.',
    usage:
      'custody roster add --vault DIR CARD --role analyst|supervisor|counsel|admin\n' +
      '       custody roster remove --vault DIR WORKSTATION\n' +
      '       custody roster list --vault DIR [--json]',
    load: () => import('./roster').then((m) => m.roster),
  },
] as const satisfies readonly CommandEntry[];

export type CommandName = (typeof commands)[number]['name'];

/** The listing's entry for a command: its module takes its usage from here. */
export function listed(name: CommandName): CommandEntry {
  const entry = commands.find((command) => command.name === name);
  if (!entry) throw new Error(`The CLI listing has no command "${name}".`);
  return entry;
}
