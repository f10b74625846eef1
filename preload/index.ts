// Sandboxed preload (bundled to CommonJS): exposes the allowlisted bridge as `window.adloop`, and
// the crash-report bridge only when the user opted in (preload/crash-reports.ts).
import { hookupIpc } from '@sentry/electron/preload-namespaced';
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';
import { startPreloadCrashReports } from './crash-reports';

contextBridge.exposeInMainWorld('adloop', createBridge(ipcRenderer));
startPreloadCrashReports(process.argv, () => hookupIpc());
