// The dashboard: sign in with an admin credential, then the request log,
// charts, provider health, async jobs and virtual keys, all through the admin API.
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { errorText, signIn, signOut, signedIn } from './api';
import { Logs } from './logs';
import { Charts } from './charts';
import { Health } from './health';
import { Jobs } from './jobs';
import { Keys } from './keys';
import './style.css';

const TABS = { logs: 'Requests', charts: 'Charts', health: 'Providers', jobs: 'Jobs', keys: 'Keys' } as const;
type Tab = keyof typeof TABS;

function SignIn({ onDone }: { onDone: () => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      await signIn(token.trim());
      onDone();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form class="signin" onSubmit={submit}>
      <h1>Voxgate</h1>
      <label>
        Admin key or admin JWT
        <input name="credential" type="password" autocomplete="off" value={token} onInput={(e) => setToken(e.currentTarget.value)} />
      </label>
      <button type="submit">Sign in</button>
      {error && <p class="error" role="alert">{error}</p>}
      <p class="hint">A key from auth.admin_keys (VOXGATE_ADMIN_KEY in the shipped config), or a token from voxgate token --admin --sub NAME. It is kept in this page's memory only.</p>
    </form>
  );
}

function App() {
  const [ready, setReady] = useState(signedIn());
  const [tab, setTab] = useState<Tab>('logs');
  if (!ready) return <SignIn onDone={() => setReady(true)} />;
  return (
    <div class="shell">
      <header>
        <strong>Voxgate</strong>
        <nav>
          {(Object.keys(TABS) as Tab[]).map((t) => (
            <button key={t} class={t === tab ? 'active' : ''} onClick={() => setTab(t)}>
              {TABS[t]}
            </button>
          ))}
        </nav>
        <button class="signout" onClick={() => (signOut(), setReady(false))}>Sign out</button>
      </header>
      <main>
        {tab === 'logs' && <Logs />}
        {tab === 'charts' && <Charts />}
        {tab === 'health' && <Health />}
        {tab === 'jobs' && <Jobs />}
        {tab === 'keys' && <Keys />}
      </main>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
