export { createLogger, formatLine, type Logger, type LoggerOptions, type LogLevel } from './logger';
export { redact, redactString } from './redact';
export { RotatingFile } from './rotating-file';
