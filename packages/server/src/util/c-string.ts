// Redis compares option names with strcasecmp, which stops at the first NUL
// byte: `LEFT\0junk` is LEFT. Arguments are binary-safe strings here, so the
// C view of one is its part before any NUL.

/** The argument as C string functions see it: up to the first NUL byte. */
export function cstr(arg: string): string {
  const nul = arg.indexOf('\0');
  return nul === -1 ? arg : arg.slice(0, nul);
}
