export { globMatch } from './glob.js';
export { hashString } from './hash.js';
export { ScanTable } from './scan-table.js';
export type { ScanTableStats } from './scan-table.js';
