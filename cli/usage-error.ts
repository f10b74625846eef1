// Bad command-line input: exit code 2 with a one-line reason on stderr.
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
