/** The tray icon and its menu, rebuilt from state by the pure builder in tray-menu.ts. */
import { Menu, Tray, nativeImage, type NativeImage } from 'electron';
import { buildTrayMenu, trayIconState, trayTooltip, type TrayMenuOptions, type TrayIconState } from './tray-menu.js';
import { trayIconBitmap } from './tray-icons.js';

const ICON_SIZE = 16;

function iconFor(state: TrayIconState): NativeImage {
  const image = nativeImage.createFromBitmap(trayIconBitmap(state, ICON_SIZE), { width: ICON_SIZE, height: ICON_SIZE });
  image.addRepresentation({
    scaleFactor: 2,
    width: ICON_SIZE * 2,
    height: ICON_SIZE * 2,
    buffer: trayIconBitmap(state, ICON_SIZE * 2),
  });
  return image;
}

export interface AppTray {
  update(options: TrayMenuOptions): void;
  destroy(): void;
}

export function createAppTray(options: TrayMenuOptions & { readonly onClick: () => void }): AppTray {
  let iconState = trayIconState(options.state);
  const tray = new Tray(iconFor(iconState));
  // On Windows a left click shows nothing by default: open the window instead.
  tray.on('click', options.onClick);
  const update = (next: TrayMenuOptions) => {
    const nextIcon = trayIconState(next.state);
    if (nextIcon !== iconState) {
      iconState = nextIcon;
      tray.setImage(iconFor(nextIcon));
    }
    tray.setToolTip(trayTooltip(next.state));
    tray.setContextMenu(Menu.buildFromTemplate(buildTrayMenu(next)));
  };
  update(options);
  return { update, destroy: () => tray.destroy() };
}
