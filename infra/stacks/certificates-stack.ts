// Certificates for the regional API names. AppSync serves a custom domain through CloudFront, so
// its certificate must be in us-east-1 whatever the API's region ("Certificate must be in
// us-east-1", AppSync CreateDomainName); each region's API stack takes its certificate from here.
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';

export const regionalApiDomain = (region: string, domainName: string): string => `${region}.api.${domainName}`;

export interface CertificatesStackProps extends StackProps {
  readonly regions: readonly string[];
  readonly domainName: string;
  readonly hostedZoneId: string;
}

export class CertificatesStack extends Stack {
  private readonly apiCertificates = new Map<string, acm.Certificate>();

  constructor(scope: Construct, id: string, props: CertificatesStackProps) {
    super(scope, id, props);
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: props.hostedZoneId, zoneName: props.domainName,
    });
    for (const region of props.regions) {
      this.apiCertificates.set(region, new acm.Certificate(this, `Api-${region}`, {
        domainName: regionalApiDomain(region, props.domainName),
        validation: acm.CertificateValidation.fromDns(zone),
      }));
    }
  }

  /** The certificate of `<region>.api.<domain>`. */
  apiCertificate(region: string): acm.Certificate {
    const certificate = this.apiCertificates.get(region);
    if (!certificate) throw new Error(`no API certificate for region ${region}`);
    return certificate;
  }
}
