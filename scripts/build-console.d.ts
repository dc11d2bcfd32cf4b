export interface ConsoleBuild {
  js: string;
  css: string;
  jsBytes: number;
  cssBytes: number;
  jsGzipBytes: number;
  cssGzipBytes: number;
}
export function buildConsole(): Promise<ConsoleBuild>;
export function ensureConsoleBuilt(): Promise<void>;
export function consoleIsStale(): boolean;
export const consoleDir: string;
