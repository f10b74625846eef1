// The desktop app's update state in the sidebar (the shell sends `update.status`; a browser
// session never receives it and shows nothing).
import { useEffect, useState } from 'react';
import { useEngine } from '../engine/EngineProvider';
import { updateLine, type UpdateStatus as Status } from './update-status';

export function UpdateStatus() {
  const client = useEngine();
  const [status, setStatus] = useState<Status | null>(null);
  useEffect(() => client.on('update.status', setStatus), [client]);
  const line = updateLine(status);
  if (!line) return null;
  return (
    <div className={`update-status update-${line.tone}`} role="status" aria-live="polite">
      <span>{line.text}</span>
      {line.percent !== null && <progress max={100} value={line.percent} aria-label="Update download" />}
    </div>
  );
}
