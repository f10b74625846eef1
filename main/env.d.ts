// electron-vite's import suffixes (`?modulePath`, `?asset`) for main-process code.
/// <reference types="electron-vite/node" />
