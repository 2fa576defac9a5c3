// Imported first by extension.ts: its evaluation marks when the bundle started loading, so the reported
// activation time includes loading the bundle, not only running activate().
export const bundleLoadStart = performance.now();
