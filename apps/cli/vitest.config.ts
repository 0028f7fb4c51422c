import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// The tests run the bundled binary as users do; global-setup builds it first.
export default mergeConfig(shared, { test: { globalSetup: ['./test/global-setup.ts'] } });
