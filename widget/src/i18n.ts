import { signal } from '@preact/signals';

export type Language = 'en' | 'de';
export const LANGUAGES: readonly Language[] = ['en', 'de'];

/** Each page keeps its own strings beside it; English is complete, German has every key English has. */
export type Messages<Keys extends string> = { en: Record<Keys, string>; de: Record<Keys, string> };

export const language = signal<Language>('en');

export function pickLanguage(requested: string | null | undefined): Language {
  const candidates = [requested, ...(typeof navigator === 'undefined' ? [] : navigator.languages ?? [])];
  for (const candidate of candidates) {
    const short = candidate?.slice(0, 2).toLowerCase();
    if (short === 'de' || short === 'en') return short;
  }
  return 'en';
}

/** `t('greeting', {name})` fills `{name}` placeholders. Reading `language.value` subscribes the component. */
export function translator<Keys extends string>(messages: Messages<Keys>) {
  return (key: Keys, values?: Record<string, string | number>): string => {
    const template = messages[language.value][key] ?? messages.en[key] ?? key;
    return values ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole)) : template;
  };
}

export const locale = () => (language.value === 'de' ? 'de-DE' : 'en-GB');
