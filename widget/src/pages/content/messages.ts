import { translator, type Messages } from '../../i18n.ts';

type Key =
  | 'intro' | 'new' | 'newIn' | 'slot' | 'slotHint' | 'rules' | 'emptySlot' | 'name' | 'segment' | 'priority' | 'priorityHint' | 'schedule'
  | 'starts' | 'ends' | 'always' | 'from' | 'until' | 'state' | 'off' | 'scheduled' | 'live' | 'ended' | 'edit' | 'delete' | 'enabled'
  | 'html' | 'htmlHint' | 'preview' | 'previewHint' | 'save' | 'create' | 'back' | 'editTitle' | 'newTitle' | 'confirmDelete'
  | 'confirmDeleteText' | 'saved' | 'deleted' | 'removed' | 'pick' | 'notFound' | 'untitled' | 'e_slot' | 'e_required' | 'e_priority'
  | 'e_order' | 'e_date' | 'fix' | 'previewTitle' | 'cancel';

const messages: Messages<Key> = {
  en: {
    intro: 'Each slot on the shop’s pages shows the variant of the highest-priority live rule whose segment the visitor is in; everyone else sees the page’s own content.',
    new: '+ New rule', newIn: '+ Rule for {slot}', slot: 'Slot', slotHint: 'The data-rfm-slot name on the shop page, e.g. hero or banner.', rules: '{count} rules',
    emptySlot: 'No rules for this slot: every visitor sees the page’s default content.', name: 'Name', segment: 'Segment', priority: 'Priority',
    priorityHint: 'From −1000 to 1000; the highest live rule wins.', schedule: 'Schedule', starts: 'Starts', ends: 'Ends', always: 'Always',
    from: 'from {date}', until: 'until {date}', state: 'Status', off: 'Off', scheduled: 'Scheduled', live: 'Live', ended: 'Ended', edit: 'Edit',
    delete: 'Delete', enabled: 'Enabled', html: 'Variant HTML', htmlHint: 'Scripts, styles, event handlers and unsafe links are removed when you save.',
    preview: 'Preview', previewHint: 'The demo shop’s home page as a visitor in “{segment}” sees it. Scripts do not run here.', save: 'Save changes',
    create: 'Create rule', back: '← All content rules', editTitle: 'Edit content rule', newTitle: 'New content rule', confirmDelete: 'Delete this content rule?',
    confirmDeleteText: '“{name}” stops showing in the {slot} slot right away. This cannot be undone.', saved: 'Saved “{name}”.', deleted: 'Deleted “{name}”.',
    removed: 'The sanitiser took out: {list}', pick: 'Choose a segment…', notFound: 'There is no content rule {id}.', untitled: 'Untitled rule',
    e_slot: 'Use letters, digits, _ or - (up to 40).', e_required: 'This is required.', e_priority: 'A whole number from −1000 to 1000.',
    e_order: 'The end must be after the start.', e_date: 'This is not a date and time.', fix: 'Please fix the highlighted fields.',
    previewTitle: 'Preview of the {slot} slot', cancel: 'Cancel',
  },
  de: {
    intro: 'Jeder Slot auf den Seiten des Shops zeigt die Variante der aktiven Regel mit der höchsten Priorität, zu deren Segment der Besucher gehört; alle anderen sehen den eigenen Inhalt der Seite.',
    new: '+ Neue Regel', newIn: '+ Regel für {slot}', slot: 'Slot', slotHint: 'Der data-rfm-slot-Name auf der Shop-Seite, z. B. hero oder banner.', rules: '{count} Regeln',
    emptySlot: 'Keine Regeln für diesen Slot: Alle Besucher sehen den Standardinhalt der Seite.', name: 'Name', segment: 'Segment', priority: 'Priorität',
    priorityHint: 'Von −1000 bis 1000; die höchste aktive Regel gewinnt.', schedule: 'Zeitplan', starts: 'Beginn', ends: 'Ende', always: 'Immer',
    from: 'ab {date}', until: 'bis {date}', state: 'Status', off: 'Aus', scheduled: 'Geplant', live: 'Aktiv', ended: 'Beendet', edit: 'Bearbeiten',
    delete: 'Löschen', enabled: 'Aktiviert', html: 'Varianten-HTML', htmlHint: 'Skripte, Styles, Event-Handler und unsichere Links werden beim Speichern entfernt.',
    preview: 'Vorschau', previewHint: 'Die Startseite des Demo-Shops, wie ein Besucher in „{segment}“ sie sieht. Skripte laufen hier nicht.', save: 'Änderungen speichern',
    create: 'Regel anlegen', back: '← Alle Inhaltsregeln', editTitle: 'Inhaltsregel bearbeiten', newTitle: 'Neue Inhaltsregel', confirmDelete: 'Diese Inhaltsregel löschen?',
    confirmDeleteText: '„{name}“ wird ab sofort nicht mehr im Slot {slot} angezeigt. Das kann nicht rückgängig gemacht werden.', saved: '„{name}“ gespeichert.', deleted: '„{name}“ gelöscht.',
    removed: 'Der Filter hat entfernt: {list}', pick: 'Segment wählen…', notFound: 'Es gibt keine Inhaltsregel {id}.', untitled: 'Regel ohne Namen',
    e_slot: 'Buchstaben, Ziffern, _ oder - (bis zu 40).', e_required: 'Pflichtfeld.', e_priority: 'Eine ganze Zahl von −1000 bis 1000.',
    e_order: 'Das Ende muss nach dem Beginn liegen.', e_date: 'Das ist kein Datum mit Uhrzeit.', fix: 'Bitte korrigieren Sie die markierten Felder.',
    previewTitle: 'Vorschau des Slots {slot}', cancel: 'Abbrechen',
  },
};

export const t = translator(messages);
