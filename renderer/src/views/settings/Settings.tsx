// The Settings view: small panels, each owning its reads and writes.
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { useEngineQuery } from '../../engine/queries';
import { AboutPanel } from './AboutPanel';
import { BackupPanel } from './BackupPanel';
import { ConnectionsPanel } from './ConnectionsPanel';
import { DiagnosticsPanel } from './DiagnosticsPanel';
import { PreferencesForm } from './PreferencesForm';

const SECTIONS = [
  ['settings-connections-title', 'Connections'],
  ['settings-prefs-title', 'Preferences'],
  ['settings-data-title', 'Data and backups'],
  ['settings-diagnostics-title', 'Diagnostics'],
  ['settings-about-title', 'About'],
] as const;

export function Settings() {
  const settings = useEngineQuery('settings.get', {});
  return (
    <div className="view" data-testid="view-settings">
      <header className="view-head">
        <div>
          <h1>Settings</h1>
          <p className="muted">Stored in this workspace. A value outside its range is refused and nothing changes.</p>
        </div>
      </header>
      <nav aria-label="Settings sections" className="settings-sections">
        {SECTIONS.map(([id, label]) => (
          <button key={id} type="button" className="button button-quiet button-small" onClick={() => {
              // Focus follows the jump, so keyboard and screen-reader users continue from the panel.
              const heading = document.getElementById(id);
              heading?.scrollIntoView({ block: 'start' });
              heading?.focus();
            }}>
            {label}
          </button>
        ))}
      </nav>
      <div className="settings-panels">
        <ConnectionsPanel />
        {settings.isPending ? (
          <Loading what="settings" />
        ) : settings.isError ? (
          <ErrorPanel title="Settings could not be read" error={settings.error} onRetry={() => void settings.refetch()} />
        ) : (
          <PreferencesForm saved={settings.data} />
        )}
        <BackupPanel />
        <DiagnosticsPanel />
        <AboutPanel />
      </div>
    </div>
  );
}
