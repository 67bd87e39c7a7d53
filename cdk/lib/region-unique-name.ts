import { Aws, Fn, Names } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Room for the longest region code (14 characters, e.g. ap-southeast-5) and a hyphen. */
const REGION_ROOM = 16;

/**
 * A name for a resource that must be unique per ACCOUNT, not per region (CloudFront response
 * headers policies, cache policies, origin access controls): `<region>-<stack and construct path>`.
 * The stack name alone (`TodosApp-<stage>`) is the same in every region, so the same stage deployed
 * to a second region would collide with the first. CloudFront Functions already get a region prefix
 * from CDK.
 */
export function regionUniqueName(scope: IConstruct, maxLength: number): string {
  return Fn.join('-', [Aws.REGION, Names.uniqueResourceName(scope, { maxLength: maxLength - REGION_ROOM, separator: '-' })]);
}
