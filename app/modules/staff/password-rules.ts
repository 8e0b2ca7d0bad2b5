/** Password length rules, shared by the browser forms and password.server.ts. */
export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 256
