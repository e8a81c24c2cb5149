/** Where the window is. Kept in App state; `ui:navigate` events from main map onto it. */
export type Route =
  | { readonly view: 'tokens' }
  | { readonly view: 'add' }
  | { readonly view: 'token'; readonly name: string; readonly panel?: 'rotate' }
  /** `panel: 'import'` opens the import of plaintext tokens found in client configs. */
  | { readonly view: 'clients'; readonly panel?: 'import' }
  | { readonly view: 'activity' }
  | { readonly view: 'settings' };

export type Navigate = (route: Route) => void;
