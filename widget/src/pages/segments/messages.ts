import { language, translator } from '../../i18n.ts';

const en = {
  segments: '{count} segments',
  newSegment: 'New segment',
  name: 'Name',
  key: 'Key',
  direction: 'Direction',
  inbound: 'Inbound · personalises pages',
  outbound: 'Outbound · triggers and exports',
  size: 'Contacts',
  group: 'Lifecycle group',
  priority: 'Priority',
  preset: 'Preset',
  edit: 'Edit',
  delete: 'Delete',
  count: 'Count',
  deleteTitle: 'Delete “{name}”?',
  deleteBody: 'Content rules and triggers that use it must be changed first.',
  done: '“{name}” {what}.',
  saved: 'saved',
  deleted: 'deleted',
  back: 'All segments',
  keyHint: 'Lower case, digits and _; fixed once saved.',
  rule: 'Rule',
  builder: 'Builder',
  jsonInvalid: 'Not valid JSON: {message}',
  all: 'All of these hold',
  any: 'Any of these holds',
  addCondition: 'Condition',
  addGroup: 'Group',
  remove: 'Remove',
  not: 'NOT',
  field: 'Field',
  operator: 'Operator',
  value: 'Value',
  attribute: 'Attribute',
  event: 'Event',
  category: 'Category',
  days: 'days',
  preview: 'Preview',
  refresh: 'Refresh',
  matching: 'contacts match',
  ofAll: '{share} of {total} · as of {date}',
  sample: 'Why they match',
  previewWaiting: 'Complete the rule to see who it selects.',
  save: 'Save segment',
  cancel: 'Cancel',
  required: 'Required.',
  keyShape: 'Start with a–z; then a–z, 0–9, _.',
  keyTaken: 'Another segment has this key.',
  priorityRange: 'A whole number, −1000 to 1000.',
  notFound: 'There is no segment “{key}”.',
};

export type SegmentMessageKey = keyof typeof en;

const de: Record<SegmentMessageKey, string> = {
  segments: '{count} Segmente',
  newSegment: 'Neues Segment',
  name: 'Name',
  key: 'Schlüssel',
  direction: 'Richtung',
  inbound: 'Eingehend · personalisiert Seiten',
  outbound: 'Ausgehend · Auslöser und Exporte',
  size: 'Kontakte',
  group: 'Lebenszyklus-Gruppe',
  priority: 'Priorität',
  preset: 'Vorlage',
  edit: 'Bearbeiten',
  delete: 'Löschen',
  count: 'Zählen',
  deleteTitle: '„{name}“ löschen?',
  deleteBody: 'Inhaltsregeln und Auslöser, die es verwenden, müssen zuerst geändert werden.',
  done: '„{name}“ {what}.',
  saved: 'gespeichert',
  deleted: 'gelöscht',
  back: 'Alle Segmente',
  keyHint: 'Kleinbuchstaben, Ziffern und _; nach dem Speichern fest.',
  rule: 'Regel',
  builder: 'Baukasten',
  jsonInvalid: 'Kein gültiges JSON: {message}',
  all: 'Alle Bedingungen treffen zu',
  any: 'Mindestens eine trifft zu',
  addCondition: 'Bedingung',
  addGroup: 'Gruppe',
  remove: 'Entfernen',
  not: 'NICHT',
  field: 'Feld',
  operator: 'Operator',
  value: 'Wert',
  attribute: 'Attribut',
  event: 'Ereignis',
  category: 'Kategorie',
  days: 'Tage',
  preview: 'Vorschau',
  refresh: 'Aktualisieren',
  matching: 'Kontakte passen',
  ofAll: '{share} von {total} · Stand {date}',
  sample: 'Warum sie passen',
  previewWaiting: 'Vervollständigen Sie die Regel, um zu sehen, wen sie auswählt.',
  save: 'Segment speichern',
  cancel: 'Abbrechen',
  required: 'Pflichtfeld.',
  keyShape: 'Mit a–z beginnen; dann a–z, 0–9, _.',
  keyTaken: 'Ein anderes Segment hat diesen Schlüssel.',
  priorityRange: 'Eine ganze Zahl von −1000 bis 1000.',
  notFound: 'Es gibt kein Segment „{key}“.',
};

export const t = translator<SegmentMessageKey>({ en, de });

/**
 * Field and operator names as marketers say them, `|`-separated in the order of FIELD_ORDER / OPERATOR_ORDER.
 * Comparisons are symbols in both languages.
 */
export const FIELD_ORDER =
  'rfm.recency_days rfm.frequency rfm.monetary rfm.r_score rfm.f_score rfm.m_score rfm.r_band rfm.f_band rfm.m_band rfm.named rfm.last_purchase_date rfm.first_purchase_date behaviour.count behaviour.value segment context.url context.path context.referrer context.utm_source context.utm_medium context.utm_campaign context.device context.country'.split(' ');
const FIELDS = {
  en: 'Days since last purchase|Orders|Spend|Recency score|Frequency score|Monetary score|Recency band|Frequency band|Monetary band|RFM segment|Last purchase|First purchase|Events|Event value|In segment|Page URL|Page path|Referrer|UTM source|UTM medium|UTM campaign|Device|Country',
  de: 'Tage seit letztem Kauf|Bestellungen|Umsatz|Recency-Score|Frequency-Score|Monetary-Score|Recency-Band|Frequency-Band|Monetary-Band|RFM-Segment|Letzter Kauf|Erster Kauf|Ereignisse|Ereigniswert|Im Segment|Seiten-URL|Seitenpfad|Verweis|UTM-Quelle|UTM-Medium|UTM-Kampagne|Gerät|Land',
};
const OPERATOR_ORDER = 'eq neq gt gte lt lte in not_in between contains not_contains starts_with exists not_exists before after within_next_days within_last_days anniversary_within_next_days'.split(' ');
const OPERATORS = {
  en: '=|≠|>|≥|<|≤|is any of|is none of|is between|contains|does not contain|starts with|is set|is not set|is before|is after|is in the next|was in the last|has its anniversary within',
  de: '=|≠|>|≥|<|≤|ist einer von|ist keiner von|liegt zwischen|enthält|enthält nicht|beginnt mit|ist gesetzt|ist nicht gesetzt|ist vor dem|ist nach dem|liegt in den nächsten|war in den letzten|hat Jahrestag in den nächsten',
};

const pick = (names: { en: string; de: string }, order: string[], key: string) => names[language.value].split('|')[order.indexOf(key)];

export const fieldLabel = (field: string): string => pick(FIELDS, FIELD_ORDER, field) ?? field.replace(/^attributes\./, '');
export const operatorLabel = (op: string): string => pick(OPERATORS, OPERATOR_ORDER, op) ?? op;
