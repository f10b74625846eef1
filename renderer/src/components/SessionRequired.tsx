/** Full page shown when this tab has no session token, or the engine refused it. */
export function SessionRequired({ refused }: { refused: boolean }) {
  return (
    <main className="session-required" data-testid="session-required">
      <div className="panel">
        <p className="brand">Adloop</p>
        <h1>{refused ? 'This session has ended' : 'Open Adloop from its link'}</h1>
        <p>
          Open the link printed by <code>adloop serve</code> in your terminal. It carries a token made for that run, and
          Adloop answers only requests that carry it.
        </p>
        {refused ? (
          <p>The engine did not accept this tab’s token — usually because Adloop was restarted. The new run printed a new link.</p>
        ) : (
          <p>
            Start it with <code>npx adloop serve --db DIR</code> (or <code>npm start</code>) if it is not running.
          </p>
        )}
      </div>
    </main>
  );
}
