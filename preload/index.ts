// Sandboxed preload (bundled to CommonJS): exposes the allowlisted bridge as `window.adloop`.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('adloop', createBridge(ipcRenderer));
