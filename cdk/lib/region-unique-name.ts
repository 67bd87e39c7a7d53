import { Aws, Fn, Names, type CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Room for the longest region code (14 characters, e.g. ap-southeast-5) and a hyphen. */
const REGION_ROOM = 16;

/**
 * A name for a resource whose name must be unique per ACCOUNT, not per region or stack
 * (CloudFront origin access controls, cache and response headers policies):
 * `<region>-<path of the resource itself>`. The stack name alone (`TodosApp-<stage>`) is the same in
 * every region, so the same stage in a second region would collide with the first; the path must be
 * the resource's own, or two resources of one construct share a name (decision 050). CloudFront
 * Functions already get such a name from CDK.
 */
export function regionUniqueName(resource: IConstruct, maxLength: number): string {
  return Fn.join('-', [Aws.REGION, Names.uniqueResourceName(resource, { maxLength: maxLength - REGION_ROOM, separator: '-' })]);
}

/** Names an existing L2 resource with regionUniqueName of its own path (its CloudFormation `propertyPath`). */
export function nameAfterRegionAndPath(resource: IConstruct, propertyPath: string, maxLength: number): void {
  (resource.node.defaultChild as CfnResource).addPropertyOverride(propertyPath, regionUniqueName(resource, maxLength));
}
