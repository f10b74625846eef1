// Where things live inside a workspace folder. PGlite gets its own sub-folder so that our lock
// file, logs and markers never sit among Postgres's files.
import path from 'node:path';

export interface WorkspaceLayout {
  root: string;
  pgdata: string;
  lockFile: string;
  logs: string;
  demoMarker: string;
}

export function workspaceLayout(root: string): WorkspaceLayout {
  const abs = path.resolve(root);
  return {
    root: abs,
    pgdata: path.join(abs, 'pgdata'),
    lockFile: path.join(abs, 'adloop.lock'),
    logs: path.join(abs, 'logs'),
    demoMarker: path.join(abs, '.adloop-demo'),
  };
}
