import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { SessionRequired } from './components/SessionRequired';
import { connectEngine, type EngineConnection } from './engine/client';
import { EngineProvider } from './engine/EngineProvider';
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

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root connection={connectEngine()} />
  </StrictMode>,
);
