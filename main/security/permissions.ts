// The interface needs no camera, microphone, notifications (the shell sends those from main),
// geolocation, clipboard-read, HID, serial or USB. Every request and check is refused.

export interface PermissionSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler?(handler: (details: unknown) => boolean): void;
}

export function denyAllPermissions(session: PermissionSession, onDenied: (permission: string) => void = () => undefined): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    onDenied(permission);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler?.(() => false);
}
