/** DynamoDB kept returning unprocessed items after every retry: never a silent drop. */
export class UnprocessedItemsError extends Error {
  constructor(
    readonly operation: string,
    readonly remaining: number,
  ) {
    super(`${operation}: ${remaining} item(s) still unprocessed after retries`);
    this.name = 'UnprocessedItemsError';
  }
}
