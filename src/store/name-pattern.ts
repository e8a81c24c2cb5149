/**
 * What a connection, account or client name may be: 1–64 lowercase letters, digits and dashes,
 * starting and ending with a letter or digit. Its own module (no zod) so the renderer can check
 * names while the user types without bundling the schema library.
 */
export const NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
