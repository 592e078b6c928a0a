// Virtual keys: every key (run-time and the config file's), a form to create
// one, and revoke / rotate for run-time keys, all through /admin/virtual-keys.
// A new or rotated key is shown once, here, until dismissed; never again.
// A key's budget shows what it has spent and has left this period (the usage
// plugin's GET /admin/usage/budget).
import { useState } from 'preact/hooks';
import { call, errorText, send, type BudgetState, type VirtualKey } from './api';
import { usePoll } from './poll';

const brief = (o: Record<string, unknown> | undefined): string => (o ? Object.entries(o).map(([k, v]) => `${k}: ${String(v)}`).join(', ') : '–');
const numberOrUndefined = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

/** The form's fields as the API's body: empty inputs are left out. */
function bodyOf(form: HTMLFormElement): Record<string, unknown> {
  const v = (name: string) => ((form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value ?? '').trim();
  const rate = { requests_per_minute: numberOrUndefined(v('requests_per_minute')), characters_per_minute: numberOrUndefined(v('characters_per_minute')), max_concurrent: numberOrUndefined(v('max_concurrent')) };
  const budget = { max_usd: numberOrUndefined(v('max_usd')), max_audio_seconds: numberOrUndefined(v('max_audio_seconds')), max_characters: numberOrUndefined(v('max_characters')) };
  const defined = (o: Record<string, number | undefined>) => Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined));
  const body: Record<string, unknown> = { name: v('name') };
  if (v('team')) body.team = v('team');
  if (v('models')) body.allowed_models = v('models').split(',').map((m) => m.trim()).filter(Boolean);
  if (Object.keys(defined(rate)).length) body.rate_limit = defined(rate);
  if (Object.keys(defined(budget)).length) body.budget = { ...defined(budget), period: v('period') };
  if (v('expires_at')) body.expires_at = new Date(v('expires_at')).toISOString();
  return body;
}

const UNITS: Record<string, string> = { usd: '$', audio_seconds: 'audio s', characters: 'characters' };
/** Dollars to the cent, or to two significant digits below a cent (a short speech costs $0.000075). */
const usd = (n: number): string => (n === 0 ? '$0' : n < 0.01 ? `$${n.toPrecision(2)}` : `$${n.toFixed(2)}`);
const amount = (unit: string, n: number): string => (unit === 'usd' ? usd(n) : `${Math.round(n * 10) / 10} ${UNITS[unit] ?? unit}`);

/** The budget's limits, then what is spent and left of each this period. */
function Budget({ k }: { k: VirtualKey }) {
  const budget = k.budget;
  const params: Record<string, string | undefined> = {};
  if (budget) for (const [name, value] of Object.entries(budget)) params[name] = String(value);
  const { data, error } = usePoll(() => (budget ? call<{ budget: BudgetState }>('/admin/usage/budget', { key: k.name, ...params }) : Promise.resolve(undefined)), [k.name, JSON.stringify(budget)], 5000);
  if (!budget) return <>–</>;
  const state = data?.budget;
  return (
    <>
      {brief(budget)}
      {state && (
        <div class="budget-state">
          {Object.keys(state.spent).map((unit) => (
            <div key={unit}>
              spent {amount(unit, state.spent[unit]!)}, left {amount(unit, state.remaining[unit] ?? 0)}
            </div>
          ))}
          {state.resets_at && <div class="hint">resets {new Date(state.resets_at).toLocaleString()}</div>}
        </div>
      )}
      {error && <div class="hint">spend unknown: {error}</div>}
    </>
  );
}

function Secret({ shown, onDone }: { shown: VirtualKey; onDone: () => void }) {
  return (
    <div class="secret" role="status">
      <p>
        The key of <strong>{shown.name}</strong>, shown only now: hand it to its holder and keep no other copy.
      </p>
      <code class="mono new-key">{shown.key}</code>
      <button onClick={onDone}>I have saved it</button>
    </div>
  );
}

function Row({ k, busy, act }: { k: VirtualKey; busy: boolean; act: (what: 'revoke' | 'rotate', key: VirtualKey) => void }) {
  const [confirm, setConfirm] = useState<'revoke' | 'rotate' | undefined>();
  return (
    <tr data-key-name={k.name} class={k.expired ? 'failed' : ''}>
      <td>{k.name}</td>
      <td>{k.source === 'config' ? 'config file' : 'run-time'}</td>
      <td>{k.team ?? '–'}</td>
      <td>{k.allowed_models?.join(', ') ?? 'every model'}</td>
      <td>{brief(k.rate_limit)}</td>
      <td><Budget k={k} /></td>
      <td>{k.expires_at ? `${new Date(k.expires_at).toLocaleString()}${k.expired ? ' (expired)' : ''}` : 'never'}</td>
      <td>
        {k.source === 'config' ? (
          <span class="hint">change it in the config file</span>
        ) : confirm ? (
          <>
            <button class="confirm" disabled={busy} onClick={() => (setConfirm(undefined), act(confirm, k))}>Confirm {confirm}</button>
            <button onClick={() => setConfirm(undefined)}>Cancel</button>
          </>
        ) : (
          <>
            <button class="rotate" onClick={() => setConfirm('rotate')}>Rotate</button>
            <button class="revoke" onClick={() => setConfirm('revoke')}>Revoke</button>
          </>
        )}
      </td>
    </tr>
  );
}

export function Keys() {
  const [version, setVersion] = useState(0);
  const { data, error } = usePoll(() => call<{ data: VirtualKey[] }>('/admin/virtual-keys'), [version], 5000);
  const [shown, setShown] = useState<VirtualKey | undefined>();
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setFailure('');
    try {
      await work();
      setVersion((n) => n + 1);
    } catch (err) {
      setFailure(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const create = (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    void run(async () => {
      setShown(await send<VirtualKey>('POST', '/admin/virtual-keys', bodyOf(form)));
      form.reset();
    });
  };
  const act = (what: 'revoke' | 'rotate', k: VirtualKey) =>
    void run(async () => {
      const path = `/admin/virtual-keys/${encodeURIComponent(k.id)}`;
      if (what === 'revoke') await send('DELETE', path);
      else setShown(await send<VirtualKey>('POST', `${path}/rotate`));
    });
  return (
    <div class="keys">
      <h2>Virtual keys</h2>
      {shown && <Secret shown={shown} onDone={() => setShown(undefined)} />}
      {(failure || error) && <p class="error" role="alert">{failure || error}</p>}
      <form class="filters create-key" onSubmit={create}>
        <input name="name" placeholder="name" aria-label="name" required />
        <input name="team" placeholder="team" aria-label="team" />
        <input name="models" placeholder="models: openai/*, deepgram/nova-3" aria-label="models: openai/*, deepgram/nova-3" />
        <input name="requests_per_minute" type="number" min="1" placeholder="requests/min" aria-label="requests/min" />
        <input name="characters_per_minute" type="number" min="1" placeholder="characters/min" aria-label="characters/min" />
        <input name="max_concurrent" type="number" min="1" placeholder="concurrent" aria-label="concurrent" />
        <input name="max_usd" type="number" min="0" step="any" placeholder="budget $" aria-label="budget $" />
        <input name="max_audio_seconds" type="number" min="0" step="any" placeholder="budget audio s" aria-label="budget audio s" />
        <input name="max_characters" type="number" min="1" placeholder="budget characters" aria-label="budget characters" />
        <select name="period" title="budget period" aria-label="budget period">
          {['month', 'week', 'day', 'hour', 'total'].map((p) => (
            <option key={p} value={p}>{p}</option>
          ))}
        </select>
        <input name="expires_at" type="datetime-local" title="expires at (local time)" aria-label="expires at" />
        <button type="submit" disabled={busy}>Create key</button>
      </form>
      <table class="keys-table">
        <thead><tr><th>Name</th><th>Source</th><th>Team</th><th>Models</th><th>Rate limit</th><th>Budget</th><th>Expires</th><th></th></tr></thead>
        <tbody>
          {data?.data.map((k) => <Row key={k.id} k={k} busy={busy} act={act} />)}
        </tbody>
      </table>
      {data && data.data.length === 0 && <p class="empty">No virtual keys yet.</p>}
    </div>
  );
}
