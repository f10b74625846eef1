// One rejected row of an import: where it is in the file and why it was not imported.
export interface Rejected {
  /** 1-based physical line the record starts on (the header is line 1). */
  line: number;
  reason: string;
}
