import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { onlyLogicalId, synthTodos } from '../test-support/synth';

describe('todos table', () => {
  const dev = synthTodos().template;
  const prod = synthTodos({ context: { stage: 'prod' } }).template;

  it('is a single TableV2 (GlobalTable) and no classic table', () => {
    dev.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    dev.resourceCountIs('AWS::DynamoDB::Table', 0);
  });

  it('has string keys pk (partition) and sk (sort), the change feed’s index and the list’s index', () => {
    dev.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayEquals([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'changeKey', AttributeType: 'S' },
        { AttributeName: 'id', AttributeType: 'S' },
      ]),
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byChange',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'changeKey', KeyType: 'RANGE' },
          ],
          Projection: {
            ProjectionType: 'INCLUDE',
            NonKeyAttributes: ['id', 'name', 'status', 'createdAt', 'updatedAt', 'version', 'deleted'],
          },
        },
        {
          IndexName: 'liveTodos',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'id', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      LocalSecondaryIndexes: Match.absent(),
    });
  });

  it('expires tombstones by TTL on expiresAt', () => {
    dev.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('bills on demand', () => {
    dev.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      WriteProvisionedThroughputSettings: Match.absent(),
    });
  });

  it('encrypts with the AWS managed KMS key (no customer key)', () => {
    dev.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
    });
    const replicas = dev.findResources('AWS::DynamoDB::GlobalTable');
    expect(JSON.stringify(replicas)).not.toContain('KMSMasterKeyId');
    // The stack's only customer managed key is the alarm topic's (monitoring.ts), never the table's.
    expect(Object.keys(dev.findResources('AWS::KMS::Key'))).toEqual([expect.stringMatching(/^MonitoringAlarmTopicKey/)]);
  });

  it('enables point-in-time recovery on its replica in both stages', () => {
    for (const template of [dev, prod]) {
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        Replicas: [
          Match.objectLike({
            Region: { Ref: 'AWS::Region' },
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      });
    }
  });

  it('is deleted with a dev stack', () => {
    dev.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    dev.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })],
    });
  });

  it('is retained and deletion-protected in prod', () => {
    prod.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    prod.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })],
    });
  });

  it('lets CloudFormation name the table, so stages cannot collide', () => {
    const id = onlyLogicalId(dev, 'AWS::DynamoDB::GlobalTable');
    expect(dev.toJSON()).not.toHaveProperty(['Resources', id, 'Properties', 'TableName']);
  });
});
