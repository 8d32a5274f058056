/** Bad input from the user: printed to stderr as is, exit code 2. */
export class CliUsageError extends Error {}
