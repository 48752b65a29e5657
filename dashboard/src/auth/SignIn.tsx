import { useState, type FormEvent } from 'react';
import { ServerInfoDocument } from '../../../client/generated/graphql';
import { ApiError, request } from '../api/client';
import { cleanToken, readClaims } from './token';

interface Props {
  onSignedIn(token: string): void;
  /** Why the user is here again (token refused or expired). */
  reason: string | null;
}

/**
 * Paste a token (`npm run token -- --role admin`, or the partner token the platform issued).
 * It is tried once against the API (serverInfo, open to every role) before it is kept.
 */
export function SignIn({ onSignedIn, reason }: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(reason);
  const [checking, setChecking] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const token = cleanToken(text);
    if (!token) return setError('Paste a token first.');
    const claims = readClaims(token);
    if (!claims) return setError('That is not a JWT (three base64url parts separated by dots). Paste the whole token.');
    if (claims.role === 'ingest') return setError('This is an ingest token: it may send events but not read metrics. Use an admin, analyst or partner token.');
    setChecking(true);
    try {
      await request(ServerInfoDocument, {}, token);
      onSignedIn(token);
    } catch (e) {
      setError(e instanceof ApiError ? `The API refused this token: ${e.message}` : String(e));
    } finally {
      setChecking(false);
    }
  }

  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">LearnMetrics</h1>
        <p>Paste an API token to open the dashboard. It is kept in this browser tab until you close it or sign out.</p>
        <label htmlFor="token">API token</label>
        <textarea
          id="token"
          name="token"
          rows={4}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="eyJhbGciOi..."
          spellCheck={false}
          autoComplete="off"
        />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={checking}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
        <p className="hint">
          On a development server: <code>npm run -s token -- --role admin --ttl 8h</code>, or <code>--role partner --company company-01</code>.
        </p>
      </form>
    </main>
  );
}
