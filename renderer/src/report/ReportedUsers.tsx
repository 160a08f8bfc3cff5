// The reported people or users (repeatable): the identifiers police ask for first (screen name, your user
// id, profile URLs, emails), IP capture events with their times and ports, device ids and an estimated
// location, each with a JSON editor for the rest of that user's record.
import { useEffect, useRef } from 'react';
import { elementPath } from './draft';
import { countryCodes, ipCaptureTypes } from '../../../shared/cybertip';
import {
  CheckField,
  DateTimeField,
  ListField,
  NumberField,
  SelectField,
  TextField,
  useDraft,
} from './fields';
import { JsonEditor } from './JsonEditor';
import { jsonEditors, userEditorId } from './model';
import { Section } from './Section';
import { useCases, useOpenEditor } from './store';

function ReportedUser({ index, editorKey, count }: { index: number; editorKey: string; count: number }) {
  const { readOnly, draft } = useDraft();
  const removeUser = useCases((s) => s.removeUser);
  const user = ['personOrUserReported', index];
  const person = [...user, 'personOrUserReportedPerson'];
  const name = `Reported user ${index + 1}`;
  return (
    <fieldset className="record-card field-wide" aria-label={name}>
      <legend>{count > 1 ? name : 'Reported user'}</legend>
      <div className="field-grid">
        <TextField label="Screen name" path={[...user, 'screenName']} />
        <TextField
          label="ESP identifier (your user id)"
          path={[...user, 'espIdentifier']}
          hint="The account id in your systems; what legal process will name."
        />
        <TextField label="ESP service" path={[...user, 'espService']} placeholder="e.g. Example Social" />
        <TextField label="First name" path={[...person, 'firstName']} />
        <TextField label="Last name" path={[...person, 'lastName']} />
        <ListField
          legend="Display names"
          noun="display name"
          path={[...user, 'displayName']}
          blank=""
          row={(at, label) => <TextField label={label} path={at} />}
        />
        <ListField
          legend="Profile URLs"
          noun="profile URL"
          path={[...user, 'profileUrl']}
          blank=""
          row={(at, label) => <TextField label={label} type="url" path={at} placeholder="https://…" />}
        />
        <ListField
          legend="Email addresses"
          noun="email"
          path={[...person, 'email']}
          blank={{ value: '' }}
          row={(at, label) => <TextField label={label} type="email" path={[...at, 'value']} />}
        />
        <ListField
          legend="IP capture events"
          noun="IP capture event"
          path={[...user, 'ipCaptureEvent']}
          blank={{ ipAddress: '' }}
          grouped
          row={(at) => (
            <>
              <TextField label="IP address" path={[...at, 'ipAddress']} placeholder="192.0.2.10" />
              <SelectField
                label="Event"
                path={[...at, 'eventName']}
                options={ipCaptureTypes}
                empty="Not given"
              />
              <NumberField label="Port" path={[...at, 'port']} min={0} max={65535} />
              <DateTimeField label="Date and time" path={[...at, 'dateTime']} className="span-2" />
              <CheckField label="Possible proxy" path={[...at, 'possibleProxy']} />
            </>
          )}
        />
        <ListField
          legend="Device ids"
          noun="device id"
          path={[...user, 'deviceId']}
          blank={{ idType: '', idValue: '' }}
          grouped
          row={(at) => (
            <>
              <TextField label="Kind of id" path={[...at, 'idType']} placeholder="e.g. IMEI" />
              <TextField label="Id" path={[...at, 'idValue']} />
            </>
          )}
        />
        <fieldset className="row-group field-wide">
          <legend>Estimated location</legend>
          <TextField label="City" path={[...user, 'estimatedLocation', 'city']} />
          <TextField label="Region" path={[...user, 'estimatedLocation', 'region']} />
          <SelectField
            label="Country"
            path={[...user, 'estimatedLocation', 'countryCode']}
            options={countryCodes}
            empty="Not given"
          />
        </fieldset>
        <JsonEditor
          editor={userEditorId(editorKey)}
          path={elementPath('report', draft, user)}
          spec={jsonEditors.reportedUser}
          label={`${jsonEditors.reportedUser.label.replace('this user', count > 1 ? name.toLowerCase() : 'the reported user')}`}
          readOnly={readOnly}
        />
      </div>
      {!readOnly && (
        <button type="button" className="small" onClick={() => removeUser(index)}>
          Remove {name.toLowerCase()}
        </button>
      )}
    </fieldset>
  );
}

export function ReportedUsersSection() {
  const editor = useOpenEditor();
  const { readOnly } = useDraft();
  const addUser = useCases((s) => s.addUser);
  const keys = editor?.userKeys ?? [];
  const box = useRef<HTMLDivElement>(null);
  const added = useRef(false);
  useEffect(() => {
    if (!added.current) return;
    added.current = false;
    box.current?.querySelector<HTMLElement>('.record-card:last-of-type input')?.focus();
  }, [keys.length]);
  return (
    <Section
      id="personOrUserReported"
      title="Reported person or user"
      intro="The account or person the report is about. An identifier and an IP address with its time are what make a report actionable."
    >
      <div className="record-list field-wide" ref={box}>
        {keys.length === 0 && <p className="muted">No reported user yet.</p>}
        {keys.map((key, index) => (
          <ReportedUser key={key} index={index} editorKey={key} count={keys.length} />
        ))}
      </div>
      {!readOnly && (
        <div className="field-wide">
          <button
            type="button"
            className="small add"
            onClick={() => {
              added.current = true;
              addUser();
            }}
          >
            Add a reported user
          </button>
        </div>
      )}
    </Section>
  );
}
