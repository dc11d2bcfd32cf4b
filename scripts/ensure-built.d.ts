export declare function ensureBuilt(): void;
export declare const root: string;
