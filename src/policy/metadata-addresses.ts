/**
 * Cloud metadata and credentials services: reaching one from the bot leaks the host's cloud
 * credentials, so they stay refused inside any range an admin allows (only a net naming the
 * single address opens one). Data, with where each address is documented.
 */
export interface MetadataAddress {
  address: string;
  service: string;
  source: string;
}

export const METADATA_ADDRESSES: readonly MetadataAddress[] = [
  {
    address: '169.254.169.254',
    service: 'instance metadata (AWS, Google Cloud, Azure, OpenStack, DigitalOcean, Oracle Cloud, Hetzner, Linode)',
    source: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html; https://cloud.google.com/compute/docs/metadata/overview; https://learn.microsoft.com/azure/virtual-machines/instance-metadata-service',
  },
  { address: 'fd00:ec2::254', service: 'AWS instance metadata over IPv6 (IMDS)', source: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html' },
  { address: '169.254.170.2', service: 'AWS ECS task metadata and container credentials', source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html' },
  { address: '169.254.170.23', service: 'AWS EKS Pod Identity agent (credentials)', source: 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html' },
  { address: 'fd00:ec2::23', service: 'AWS EKS Pod Identity agent over IPv6', source: 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html' },
  { address: 'fd20:ce::254', service: 'Google Cloud metadata server over IPv6', source: 'https://cloud.google.com/compute/docs/metadata/querying-metadata' },
  { address: '168.63.129.16', service: 'Azure WireServer (platform agent, certificates)', source: 'https://learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16' },
  { address: '100.100.100.200', service: 'Alibaba Cloud ECS metadata', source: 'https://www.alibabacloud.com/help/en/ecs/user-guide/view-instance-metadata' },
  { address: '169.254.0.23', service: 'Tencent Cloud metadata (metadata.tencentyun.com)', source: 'https://www.tencentcloud.com/document/product/213/4934' },
  { address: '169.254.42.42', service: 'Scaleway instance metadata', source: 'https://www.scaleway.com/en/docs/instances/how-to/use-boot-modes/ (metadata API at 169.254.42.42)' },
  { address: '192.0.0.192', service: 'Oracle Cloud Infrastructure Classic metadata', source: 'https://docs.oracle.com/en/cloud/iaas-classic/compute-iaas-cloud/stcsg/retrieving-instance-metadata.html' },
];
