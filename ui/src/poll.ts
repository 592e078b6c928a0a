// A value fetched now and again every `everyMs` while the view is shown.
import { useEffect, useState } from 'preact/hooks';
import { errorText } from './api';

export function usePoll<T>(load: () => Promise<T>, deps: unknown[], everyMs = 1000): { data?: T; error?: string } {
  const [state, setState] = useState<{ data?: T; error?: string }>({});
  useEffect(() => {
    let live = true;
    const tick = () =>
      load().then(
        (data) => live && setState({ data }),
        (err) => live && setState((s) => ({ data: s.data, error: errorText(err) })),
      );
    void tick();
    const timer = setInterval(tick, everyMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, deps);
  return state;
}

export const time = (ms: number): string => new Date(ms).toLocaleTimeString();
export const ms = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : `${Math.round(v)} ms`);
