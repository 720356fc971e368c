/** The pino methods the adapter uses; the project logger (src/logging) fits, tests pass spies. */
export interface AdapterLogger {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
