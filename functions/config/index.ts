/**
 * Configuration: one schema per function (function-configs.ts), built from shared pieces (pieces.ts), read once at
 * cold start by loadConfig, whose one error names every variable that is missing or wrong.
 */
export { ConfigError, loadConfig, type ConfigProblem } from './config-error';
export { configSchema, configPiece, type ConfigOf, type ConfigPiece } from './compose';
export * from './pieces';
export * from './function-configs';
