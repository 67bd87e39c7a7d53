import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import {
  CHANGE_INDEX,
  CHANGE_INDEX_FROZEN_ATTRIBUTES,
  CHANGE_KEY,
  EXPIRES_AT,
  LIST_INDEX,
  LIST_INDEX_KEY,
  PARTITION_KEY,
} from '../../server/dynamodb/todos-table-keys';
import { Construct } from 'constructs';

export interface TodosTableProps {
  readonly removalPolicy: RemovalPolicy;
  /** Deletion protection on the table (stage setting protectData). */
  readonly protectData: boolean;
  /** On-demand maximum throughput (stage settings tableMaxReadRequestUnits / tableMaxWriteRequestUnits). */
  readonly maxReadRequestUnits: number;
  readonly maxWriteRequestUnits: number;
}

/**
 * Single-table design: the server owns the key layout, so only the generic `pk`/`sk` keys live here.
 *
 * TableV2 (AWS::DynamoDB::GlobalTable) rather than Table: it is the construct CDK recommends for new
 * tables, and adding a replica region later is a property change instead of a migration to a
 * different resource type. One consequence: cdk-nag's DDB3 (PITR) rule only inspects
 * AWS::DynamoDB::Table, so todos-table.test.ts asserts PITR itself.
 */
export class TodosTable extends Construct {
  public readonly table: TableV2;

  constructor(scope: Construct, id: string, props: TodosTableProps) {
    super(scope, id);

    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      // On-demand: no capacity to plan and nothing billed per hour while idle (only storage). The
      // maximum throughput caps what a runaway client or bug can cost: above it DynamoDB throttles,
      // the API answers 503 with Retry-After (decision 030) and the throttle alarm fires (decision 033).
      billing: Billing.onDemand({ maxReadRequestUnits: props.maxReadRequestUnits, maxWriteRequestUnits: props.maxWriteRequestUnits }),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // AWS managed key (aws/dynamodb) instead of the default AWS owned key: key usage shows up in
      // CloudTrail and the key is visible in the account, with no monthly key fee and no key policy
      // to maintain (a customer managed key would add both for no benefit in this app). DynamoDB
      // authorises the key for callers that are allowed on the table, so the Lambda needs no kms:*.
      encryption: TableEncryptionV2.awsManagedKey(),
      removalPolicy: props.removalPolicy,
      // Belt and braces for protected stages: RETAIN protects against stack deletion, this also
      // blocks a DeleteTable from the console or CLI.
      deletionProtection: props.protectData,
      // The change feed (decision 042): a sparse index over the items' change keys, carrying
      // what the feed returns, and TTL on the tombstones deletes leave behind. The list
      // (decision 060): a sparse index over live todos' ids, which tombstones leave. Added to a
      // deployed table, an index is built from the items already there (live todos included);
      // CloudFormation adds one index per deployment, and this is the only one added at a time.
      globalSecondaryIndexes: [
        {
          indexName: CHANGE_INDEX,
          partitionKey: { name: PARTITION_KEY, type: AttributeType.STRING },
          sortKey: { name: CHANGE_KEY, type: AttributeType.STRING },
          // As first deployed, and frozen: the feed reads keys only (decision 094); another
          // projection would replace the index on every deployed table.
          projectionType: ProjectionType.INCLUDE,
          nonKeyAttributes: CHANGE_INDEX_FROZEN_ATTRIBUTES,
          // An index has its own on-demand throughput: without a maximum of its own, change-feed
          // reads (and the index writes every item write causes) would escape the table's cap.
          // The same numbers as the table: every index write comes from a table write, and the
          // feed's reads are API reads like any other (decision 057).
          maxReadRequestUnits: props.maxReadRequestUnits,
          maxWriteRequestUnits: props.maxWriteRequestUnits,
        },
        {
          indexName: LIST_INDEX,
          partitionKey: { name: PARTITION_KEY, type: AttributeType.STRING },
          sortKey: { name: LIST_INDEX_KEY, type: AttributeType.STRING },
          // ALL: the list returns whatever the todo schema holds (see LIST_INDEX).
          projectionType: ProjectionType.ALL,
          // Capped like the change feed's index, for the same reasons (decision 057).
          maxReadRequestUnits: props.maxReadRequestUnits,
          maxWriteRequestUnits: props.maxWriteRequestUnits,
        },
      ],
      timeToLiveAttribute: EXPIRES_AT,
    });
  }
}
