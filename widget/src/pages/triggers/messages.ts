import { translator, type Messages } from '../../i18n.ts';

type Key =
  | 'intro' | 'new' | 'tabTriggers' | 'tabLog' | 'tabs' | 'empty' | 'name' | 'segment' | 'on' | 'enter' | 'leave' | 'url' | 'urlHint' | 'state'
  | 'enabled' | 'disabled' | 'last' | 'never' | 'edit' | 'delete' | 'test' | 'testOk' | 'testFail' | 'back' | 'editTitle' | 'newTitle'
  | 'template' | 'templateHint' | 'placeholders' | 'sample' | 'sampleHint' | 'save' | 'create' | 'cancel' | 'secretTitle' | 'secretText'
  | 'confirmDelete' | 'confirmDeleteText' | 'saved' | 'deleted' | 'notFound' | 'pick' | 'untitled' | 'e_required' | 'e_url' | 'e_json'
  | 'e_shape' | 'e_placeholder' | 'fix' | 'segmentFixed' | 'status' | 'all' | 'pending' | 'delivered' | 'dead' | 'created' | 'trigger'
  | 'kind' | 'attempts' | 'nextRetry' | 'response' | 'error' | 'logEmpty' | 'trigger_test' | 'trigger_transition' | 'trigger_bulk' | 'refresh' | 'invalidSample';

const messages: Messages<Key> = {
  en: {
    intro: 'A trigger calls your webhook (e-mail tool, CRM…) when a contact enters or leaves a segment; every request is signed.',
    new: '+ New trigger', tabTriggers: 'Triggers', tabLog: 'Delivery log', tabs: 'Triggers and deliveries', empty: 'No triggers yet.',
    name: 'Name', segment: 'Segment', on: 'When', enter: 'Enters', leave: 'Leaves', url: 'Webhook URL', urlHint: 'An http(s) URL that accepts POST requests with JSON.',
    state: 'Status', enabled: 'Enabled', disabled: 'Paused', last: 'Last delivery', never: 'None yet', edit: 'Edit', delete: 'Delete', test: 'Send test',
    testOk: 'Test delivered: the receiver answered {code}.', testFail: 'Test failed: {reason}', back: '← All triggers', editTitle: 'Edit trigger', newTitle: 'New trigger',
    template: 'Body template (JSON, optional)', templateHint: 'Leave empty to send the standard envelope. "{{contact.email}}" as a whole value keeps numbers as numbers.',
    placeholders: 'Placeholders (click to insert)', sample: 'Sample request body', sampleHint: 'What the receiver gets for an example contact.', save: 'Save changes', create: 'Create trigger',
    cancel: 'Cancel', secretTitle: 'Signing secret — shown only once', secretText: 'Store it where your receiver checks the X-RFM-Signature header. It cannot be shown again.',
    confirmDelete: 'Delete this trigger?', confirmDeleteText: '“{name}” stops calling {url}; pending retries are cancelled. This cannot be undone.', saved: 'Saved “{name}”.',
    deleted: 'Deleted “{name}”.', notFound: 'There is no trigger {id}.', pick: 'Choose a segment…', untitled: 'Untitled trigger', e_required: 'This is required.',
    e_url: 'Enter an http(s) URL, such as https://hooks.example.com/rfm.', e_json: 'This is not valid JSON.', e_shape: 'Use a JSON object or array.',
    e_placeholder: 'Placeholders start with event, at, segment, trigger or contact.', fix: 'Please fix the highlighted fields.', segmentFixed: 'The segment of a saved trigger cannot change.',
    status: 'Status', all: 'All', pending: 'Retrying', delivered: 'Delivered', dead: 'Failed', created: 'Created', trigger: 'Trigger', kind: 'Kind', attempts: 'Attempts',
    nextRetry: 'Next retry', response: 'Response', error: 'Error', logEmpty: 'No deliveries match these filters.', trigger_test: 'Test', trigger_transition: 'Change',
    trigger_bulk: 'Bulk', refresh: 'Refresh', invalidSample: 'Fix the template to see the sample.',
  },
  de: {
    intro: 'Ein Trigger ruft Ihren Webhook (E-Mail-Tool, CRM …) auf, wenn ein Kontakt ein Segment betritt oder verlässt; jede Anfrage ist signiert.',
    new: '+ Neuer Trigger', tabTriggers: 'Trigger', tabLog: 'Zustellprotokoll', tabs: 'Trigger und Zustellungen', empty: 'Noch keine Trigger.',
    name: 'Name', segment: 'Segment', on: 'Wann', enter: 'Betritt', leave: 'Verlässt', url: 'Webhook-URL', urlHint: 'Eine http(s)-URL, die POST-Anfragen mit JSON annimmt.',
    state: 'Status', enabled: 'Aktiv', disabled: 'Pausiert', last: 'Letzte Zustellung', never: 'Noch keine', edit: 'Bearbeiten', delete: 'Löschen', test: 'Test senden',
    testOk: 'Test zugestellt: Der Empfänger antwortete {code}.', testFail: 'Test fehlgeschlagen: {reason}', back: '← Alle Trigger', editTitle: 'Trigger bearbeiten', newTitle: 'Neuer Trigger',
    template: 'Body-Vorlage (JSON, optional)', templateHint: 'Leer lassen, um den Standard-Umschlag zu senden. "{{contact.email}}" als ganzer Wert lässt Zahlen Zahlen bleiben.',
    placeholders: 'Platzhalter (zum Einfügen klicken)', sample: 'Beispiel-Body', sampleHint: 'Was der Empfänger für einen Beispielkontakt erhält.', save: 'Änderungen speichern', create: 'Trigger anlegen',
    cancel: 'Abbrechen', secretTitle: 'Signaturschlüssel – wird nur einmal angezeigt', secretText: 'Speichern Sie ihn dort, wo Ihr Empfänger den Header X-RFM-Signature prüft. Er kann nicht erneut angezeigt werden.',
    confirmDelete: 'Diesen Trigger löschen?', confirmDeleteText: '„{name}“ ruft {url} nicht mehr auf; ausstehende Wiederholungen werden abgebrochen. Das kann nicht rückgängig gemacht werden.', saved: '„{name}“ gespeichert.',
    deleted: '„{name}“ gelöscht.', notFound: 'Es gibt keinen Trigger {id}.', pick: 'Segment wählen…', untitled: 'Trigger ohne Namen', e_required: 'Pflichtfeld.',
    e_url: 'Geben Sie eine http(s)-URL ein, z. B. https://hooks.example.com/rfm.', e_json: 'Das ist kein gültiges JSON.', e_shape: 'Verwenden Sie ein JSON-Objekt oder -Array.',
    e_placeholder: 'Platzhalter beginnen mit event, at, segment, trigger oder contact.', fix: 'Bitte korrigieren Sie die markierten Felder.', segmentFixed: 'Das Segment eines gespeicherten Triggers kann nicht geändert werden.',
    status: 'Status', all: 'Alle', pending: 'Wird wiederholt', delivered: 'Zugestellt', dead: 'Fehlgeschlagen', created: 'Erstellt', trigger: 'Trigger', kind: 'Art', attempts: 'Versuche',
    nextRetry: 'Nächster Versuch', response: 'Antwort', error: 'Fehler', logEmpty: 'Keine Zustellungen für diese Filter.', trigger_test: 'Test', trigger_transition: 'Wechsel',
    trigger_bulk: 'Massenversand', refresh: 'Aktualisieren', invalidSample: 'Korrigieren Sie die Vorlage, um das Beispiel zu sehen.',
  },
};

export const t = translator(messages);
