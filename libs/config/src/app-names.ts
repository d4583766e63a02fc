/** The server apps and the port each listens on by default (architecture §1). */
export const APP_PORTS = {
  openapi: 8080,
  process: 8081,
  ticket: 8082,
  environment: 8083,
  notify: 8084,
  log: 8085,
  quality: 8086,
} as const;

export type AppName = keyof typeof APP_PORTS;

export const APP_NAMES = Object.keys(APP_PORTS) as AppName[];

export function isAppName(value: string): value is AppName {
  return (APP_NAMES as string[]).includes(value);
}
