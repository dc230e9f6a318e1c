import { useState } from 'preact/hooks';
import type { ApiError, ApiResult } from '../../api.ts';
import { navigate, routeHref, type Route } from '../../router.ts';

/** An in-page link that keeps a real href (new tab, keyboard) but routes without reloading. */
export const linkTo = (target: Route) => ({
  href: routeHref(target),
  onClick: (event: MouseEvent) => (event.preventDefault(), navigate(target)),
});

/**
 * An editor's draft, its validation (shown once the marketer tried to save) and the save call; shared by the
 * content rule and trigger editors.
 */
export function useDraft<Draft extends object>(initial: () => Draft, validate: (draft: Draft) => Partial<Record<string, string>>) {
  const [draft, setDraft] = useState(initial);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const errors = validate(draft);
  const invalid = Object.keys(errors).length > 0;
  const shown = tried ? errors : {};
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((previous) => ({ ...previous, [key]: value }));
  return {
    draft,
    set,
    busy,
    failure,
    /** tried to save with errors left */
    blocked: tried && invalid,
    /** the message key of a field's error, once shown */
    error: (key: string) => shown[key] ?? null,
    /** name, value, aria-invalid and onInput for a text-like control */
    bind: (key: keyof Draft & string) => ({
      name: key,
      value: draft[key] as string,
      'aria-invalid': key in shown,
      onInput: (event: Event) => set(key, (event.currentTarget as HTMLInputElement).value as Draft[typeof key]),
    }),
    submit:
      <T>(save: () => Promise<ApiResult<T>>, done: (data: T) => void) =>
      async (event: Event) => {
        event.preventDefault();
        setTried(true);
        if (invalid) return;
        setBusy(true);
        const outcome = await save();
        setBusy(false);
        if (outcome.ok) done(outcome.data);
        else setFailure(outcome.error);
      },
  };
}
