// The one pnpm version the project is installed and tested with (run through npx, so nothing global is needed).
export const PNPM = 'pnpm@10.34.9';
