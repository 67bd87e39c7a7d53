import { CustomResource, Duration, Stack, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import type { Bucket, CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { functionLogging } from './function-logging';

/**
 * Custom resource handler (inline CommonJS, AWS SDK v3 from the Lambda runtime): on Delete, and on
 * an Update that replaced the bucket, deletes every object version and delete marker of the bucket
 * so that CloudFormation can delete it. Always answers CloudFormation, so a failure never leaves
 * the stack waiting for an hour.
 */
export const EMPTY_BUCKET_CODE = `'use strict';
const https = require('node:https');
const { S3Client, ListObjectVersionsCommand, DeleteObjectsCommand } = require('@aws-sdk/client-s3');
const s3 = new S3Client({});

async function emptyBucket(bucket) {
  let keyMarker;
  let versionIdMarker;
  for (;;) {
    let page;
    try {
      page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
    } catch (error) {
      if (error && error.name === 'NoSuchBucket') return;
      throw error;
    }
    const objects = [...(page.Versions || []), ...(page.DeleteMarkers || [])].map((o) => ({ Key: o.Key, VersionId: o.VersionId }));
    if (objects.length > 0) {
      const result = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
      if (result.Errors && result.Errors.length > 0) {
        throw new Error('Could not delete ' + result.Errors.length + ' objects, e.g. ' + result.Errors[0].Key + ': ' + result.Errors[0].Code);
      }
    }
    if (!page.IsTruncated) return;
    keyMarker = page.NextKeyMarker;
    versionIdMarker = page.NextVersionIdMarker;
  }
}

function respond(event, status, reason) {
  const body = JSON.stringify({
    Status: status,
    Reason: reason,
    PhysicalResourceId: event.PhysicalResourceId || event.ResourceProperties.BucketName,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  });
  const url = new URL(event.ResponseURL);
  return new Promise((resolve, reject) => {
    const request = https.request(
      { hostname: url.hostname, path: url.pathname + url.search, method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } },
      (response) => { response.resume(); response.on('end', resolve); },
    );
    request.on('error', reject);
    request.end(body);
  });
}

exports.handler = async function handler(event) {
  try {
    if (event.RequestType === 'Delete') {
      await emptyBucket(event.ResourceProperties.BucketName);
    } else if (event.RequestType === 'Update') {
      const before = event.OldResourceProperties && event.OldResourceProperties.BucketName;
      if (before && before !== event.ResourceProperties.BucketName) await emptyBucket(before);
    }
    await respond(event, 'SUCCESS', 'OK');
  } catch (error) {
    console.error(error);
    await respond(event, 'FAILED', String((error && error.message) || error).slice(0, 500));
  }
};`;

export interface EmptyBucketOnDeleteProps {
  readonly bucket: Bucket;
  readonly removalPolicy: RemovalPolicy;
  /** The function's description. Default: the site bucket's. */
  readonly description?: string;
}

/**
 * Empties a versioned bucket when the stack is deleted (throwaway stages only): our replacement for
 * `autoDeleteObjects`, whose provider has a role with the AWSLambdaBasicExecutionRole managed
 * policy, a log group without retention, and is invisible to cdk-nag (decision 022). This one has
 * its own role (list and delete object versions in this bucket, write to its own log group), a
 * 30-day log group, and is an ordinary Lambda function that cdk-nag checks.
 */
export class EmptyBucketOnDelete extends Construct {
  public readonly function: LambdaFunction;
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: EmptyBucketOnDeleteProps) {
    super(scope, id);
    const { bucket } = props;

    const { logGroup, role } = functionLogging(this, {
      description: `${props.description ?? 'Empties the todos site bucket when a throwaway stack is deleted'} (all versions)`,
      removalPolicy: props.removalPolicy,
    });
    role.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:ListBucketVersions'], resources: [bucket.bucketArn] }));
    role.addToPrincipalPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'], resources: [bucket.arnForObjects('*')] }),
    );
    const bucketLogicalId = Stack.of(this).getLogicalId(bucket.node.defaultChild as CfnBucket);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/*]`,
      reason: 'Emptying the bucket before CloudFormation deletes it means deleting every object version in it; the grant is limited to this one bucket and runs only on a throwaway stage.',
    });

    this.function = new LambdaFunction(this, 'Function', {
      description: props.description ?? 'Empties the todos site bucket when a throwaway stack is deleted',
      code: Code.fromInline(EMPTY_BUCKET_CODE),
      handler: 'index.handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.minutes(10),
      role,
      logGroup,
    });

    this.resource = new CustomResource(this, 'Resource', {
      resourceType: 'Custom::EmptyBucketOnDelete',
      serviceToken: this.function.functionArn,
      properties: { BucketName: bucket.bucketName },
    });
    // On stack deletion this runs before the bucket is deleted and while its role and policy still exist.
    this.resource.node.addDependency(bucket, role, logGroup);
  }
}
