// The report's sections other than the reported users and the files, in the XSD's order: labelled
// inputs for the fields people fill in most, a JSON editor for the rest of each section.
import { incidentTypes, type InternetIncidentKind } from '../../../shared/cybertip';
import { isObject } from './draft';
import { CheckField, DateTimeField, ListField, SelectField, TextField, useDraft } from './fields';
import { JsonEditor } from './JsonEditor';
import { jsonEditors, parseJsonEditor } from './model';
import { Section } from './Section';
import { useOpenEditor } from './store';

const reportAnnotations = [
  ['sextortion', 'Sextortion'],
  ['csamSolicitation', 'CSAM solicitation'],
  ['minorToMinorInteraction', 'Minor-to-minor interaction'],
  ['spam', 'Spam'],
  ['sadisticOnlineExploitation', 'Sadistic online exploitation'],
] as const;

export function IncidentSection() {
  return (
    <Section id="incidentSummary" title="Incident summary">
      <SelectField
        label="Incident type"
        path={['incidentSummary', 'incidentType']}
        options={incidentTypes}
        empty="Choose NCMEC’s incident type…"
        wide
      />
      <DateTimeField
        label="When it happened (incident date and time)"
        path={['incidentSummary', 'incidentDateTime']}
      />
      <TextField
        label="What the time refers to"
        path={['incidentSummary', 'incidentDateTimeDescription']}
        placeholder="e.g. when the first file was uploaded"
      />
      <TextField
        label="Platform"
        path={['incidentSummary', 'platform']}
        placeholder="e.g. Example Social (web and mobile)"
        wide
      />
      <TextField
        label="Escalate to high priority: why"
        path={['incidentSummary', 'escalateToHighPriority']}
        multiline
        hint="Only when a child is at immediate risk. Any text here asks NCMEC to escalate the report; say why."
      />
      <fieldset className="check-group field-wide">
        <legend>Report annotations</legend>
        {reportAnnotations.map(([key, label]) => (
          <CheckField key={key} label={label} path={['incidentSummary', 'reportAnnotations', key]} />
        ))}
      </fieldset>
    </Section>
  );
}

const incidentKindLabels: Record<InternetIncidentKind, string> = {
  webPageIncident: 'Web page',
  emailIncident: 'Email',
  newsgroupIncident: 'Newsgroup',
  chatImIncident: 'Chat or instant message',
  onlineGamingIncident: 'Online gaming',
  cellPhoneIncident: 'Cell phone',
  nonInternetIncident: 'Not on the internet',
  peer2peerIncident: 'Peer-to-peer',
};

/** The plain values of an incident, shortened: its URLs, rooms, addresses. */
function incidentWords(value: unknown): string[] {
  if (typeof value === 'string' || typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(incidentWords);
  if (isObject(value)) return Object.values(value).flatMap(incidentWords);
  return [];
}

function useReadOnly(): boolean {
  return useDraft().readOnly;
}

export function InternetSection() {
  const editor = useOpenEditor();
  const readOnly = useReadOnly();
  const parsed = parseJsonEditor(editor?.json.internetDetails ?? '', jsonEditors.internetDetails);
  const entries = parsed.ok && Array.isArray(parsed.value) ? parsed.value : [];
  return (
    <Section
      id="internetDetails"
      title="Internet details"
      intro="Where the incident happened. NCMEC’s schema expects at least one entry."
    >
      {entries.length > 0 && (
        <ul className="summary-list field-wide" aria-label="Internet details in this report">
          {entries.map((entry, i) => {
            const kind = isObject(entry) ? (Object.keys(entry)[0] as InternetIncidentKind) : undefined;
            return (
              <li key={i}>
                <strong>{kind ? (incidentKindLabels[kind] ?? kind) : 'Entry'}</strong>{' '}
                {incidentWords(kind && isObject(entry) ? entry[kind] : entry).join(' · ')}
              </li>
            );
          })}
        </ul>
      )}
      <JsonEditor editor="internetDetails" spec={jsonEditors.internetDetails} readOnly={readOnly} />
    </Section>
  );
}

export function LawEnforcementSection() {
  const readOnly = useReadOnly();
  return (
    <Section
      id="lawEnforcement"
      title="Law enforcement"
      intro="Only when law enforcement is already involved. Once anything here is filled, the agency name is required."
    >
      <TextField label="Agency name" path={['lawEnforcement', 'agencyName']} />
      <TextField label="Agency case number" path={['lawEnforcement', 'caseNumber']} />
      <JsonEditor editor="lawEnforcement" spec={jsonEditors.lawEnforcement} readOnly={readOnly} />
    </Section>
  );
}

export function ReporterSection() {
  const readOnly = useReadOnly();
  const person = ['reporter', 'reportingPerson'];
  return (
    <Section
      id="reporter"
      title="Reporter"
      intro="Who at your organisation makes the report. NCMEC requires the reporting person and their email."
    >
      <TextField label="First name" path={[...person, 'firstName']} />
      <TextField label="Last name" path={[...person, 'lastName']} />
      <ListField
        legend="Email addresses"
        noun="email"
        path={[...person, 'email']}
        blank={{ value: '' }}
        row={(at, label) => (
          <TextField label={label} type="email" path={[...at, 'value']} placeholder="safety@example.com" />
        )}
      />
      <ListField
        legend="Phone numbers"
        noun="phone"
        path={[...person, 'phone']}
        blank={{ value: '' }}
        row={(at, label) => (
          <>
            <TextField
              label={
                label === 'Phone' ? 'Country calling code' : `Country calling code (${label.toLowerCase()})`
              }
              path={[...at, 'countryCallingCode']}
              placeholder="+1"
            />
            <TextField label={label} type="tel" path={[...at, 'value']} placeholder="5555550100" />
          </>
        )}
      />
      <TextField label="Terms of service" path={['reporter', 'termsOfService']} placeholder="https://…" />
      <TextField label="Legal process URL" path={['reporter', 'legalURL']} placeholder="https://…" />
      <JsonEditor editor="reporter" spec={jsonEditors.reporter} readOnly={readOnly} />
    </Section>
  );
}

function JsonListSection({
  id,
  title,
  intro,
  noun,
}: {
  id: 'intendedRecipient' | 'victim';
  title: string;
  intro: string;
  noun: [string, string];
}) {
  const editor = useOpenEditor();
  const readOnly = useReadOnly();
  const parsed = parseJsonEditor(editor?.json[id] ?? '', jsonEditors[id]);
  const count = parsed.ok && Array.isArray(parsed.value) ? parsed.value.length : null;
  return (
    <Section id={id} title={title} intro={intro}>
      {count !== null && (
        <p className="muted field-wide">
          {count === 0 ? `No ${noun[1]} in this report.` : `${count} ${count === 1 ? noun[0] : noun[1]}.`}
        </p>
      )}
      <JsonEditor editor={id} spec={jsonEditors[id]} readOnly={readOnly} />
    </Section>
  );
}

export function IntendedRecipientSection() {
  return (
    <JsonListSection
      id="intendedRecipient"
      title="Intended recipient"
      intro="The people or accounts the content was sent to, when it was sent to someone."
      noun={['intended recipient', 'intended recipients']}
    />
  );
}

export function VictimSection() {
  return (
    <JsonListSection
      id="victim"
      title="Victim"
      intro="Only what your platform knows about a child shown or contacted; never guess."
      noun={['victim', 'victims']}
    />
  );
}

export function AdditionalInfoSection() {
  const readOnly = useReadOnly();
  return (
    <Section id="additionalInfo" title="Additional information">
      <TextField label="Additional information" path={['additionalInfo']} multiline />
      <JsonEditor editor="other" spec={jsonEditors.other} readOnly={readOnly} />
    </Section>
  );
}
