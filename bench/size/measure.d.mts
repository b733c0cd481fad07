/** Declarations of measure.mjs, for the budget test (test/size/budget.test.ts). */
export interface Measured {
  min: number;
  gzip: number;
  inputs: Record<string, { bytesInOutput: number }>;
  nodeOnly: string[];
}
export declare const root: string;
export declare const budgets: { trio: number; whole: number };
export declare const ceilings: { trio: number; whole: number; handlerAllowance: number };
export declare const trioNames: string[];
export declare function isNodeOnly(id: string): boolean;
export declare function measure(contents: string, resolveDir?: string): Promise<Measured>;
export declare function webRtcHandlerName(): Promise<string | undefined>;
export declare function measureRxsip(): Promise<{ names: string[]; handler: string | undefined; trio: Measured; withoutHandler: Measured; whole: Measured }>;
export declare function measureAnchors(): Promise<Record<string, Measured>>;
export declare function analyse(contents: string): Promise<{ min: number; rows: { path: string; bytes: number }[]; groups: [string, number][] }>;
