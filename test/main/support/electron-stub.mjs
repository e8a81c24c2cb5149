// A stand-in `electron` for running the built main process under plain Node (test/main/cli-dispatch.test.ts).
// Any GUI step fails loudly, so a CLI launch that touched the GUI cannot pass.
import process from 'node:process';
const gui = (what) => () => {
  process.stderr.write(`electron-stub: GUI step ${what} was reached\n`);
  process.exit(99);
};
export const app = {
  dock: undefined,
  exit: (code) => process.exit(code),
  quit: gui('app.quit'),
  requestSingleInstanceLock: gui('requestSingleInstanceLock'),
  setPath: gui('setPath'),
  whenReady: gui('whenReady'),
  on: gui('app.on'),
};
export const dialog = { showErrorBox: gui('dialog.showErrorBox') };
const unavailable = new Proxy({}, { get: (_target, name) => gui(String(name)) });
export const BrowserWindow = unavailable;
export const Tray = unavailable;
export const Menu = unavailable;
export const Notification = unavailable;
export const clipboard = unavailable;
export const ipcMain = unavailable;
export const nativeImage = unavailable;
export const shell = unavailable;
export default { app, dialog, BrowserWindow, Tray, Menu, Notification, clipboard, ipcMain, nativeImage, shell };
