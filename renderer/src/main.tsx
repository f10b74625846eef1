import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { SessionRequired } from './components/SessionRequired';
import { connectEngine, type EngineConnection } from './engine/client';
import { EngineProvider } from './engine/EngineProvider';
import { startRendererCrashReports } from './telemetry/start';
import { useUi } from './state/ui-store';
import './styles.css';

function Root({ connection }: { connection: EngineConnection }) {
  const refused = useUi((s) => s.unauthorized);
  if (connection.kind === 'no-token') return <SessionRequired refused={false} />;
  // Unmounting the provider also closes the event socket, which would otherwise keep retrying a dead token.
  if (refused) return <SessionRequired refused />;
  return (
    <EngineProvider client={connection.client}>
      <App via={connection.via} />
    </EngineProvider>
  );
}

const connection = connectEngine();
// Crash reports start only with consent and only in the desktop window (see telemetry/).
if (connection.kind === 'ready' && connection.via === 'ipc') startRendererCrashReports(connection.client);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root connection={connection} />
  </StrictMode>,
);
