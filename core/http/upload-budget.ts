// The bytes of audio held in memory across all requests at once. An upload
// that would pass the budget is shed with 503 + Retry-After instead of
// letting a flood of uploads run the process out of memory.

export class UploadBudget {
  private used = 0;

  constructor(readonly limitBytes: number) {}

  /** Takes `bytes` from the budget; false (and nothing taken) when it would overflow. */
  tryTake(bytes: number): boolean {
    if (this.used + bytes > this.limitBytes) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}
