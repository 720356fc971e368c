import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import forge from 'node-forge';

/**
 * Certificates made at test time: a trusted test CA, an unknown CA, and leaves with any
 * names and dates. Node cannot create X.509 certificates itself, so node-forge signs them.
 */
export interface KeyAndCert {
  key: string;
  cert: string;
}

export interface LeafOptions {
  commonName: string;
  altNames?: string[];
  notBefore?: Date;
  notAfter?: Date;
  /** `ca`: the trusted test CA; `unknown`: a CA nobody trusts; `self`: self-signed. */
  issuer?: 'ca' | 'unknown' | 'self';
}

export interface TestPki {
  ca: KeyAndCert;
  /** What a client trusts: Node's own roots plus the test CA (as NODE_EXTRA_CA_CERTS would). */
  trusted: string[];
  issue(options: LeafOptions): KeyAndCert;
}

const DAY = 24 * 60 * 60 * 1000;

function rsaKeyPair(): forge.pki.rsa.KeyPair {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e) };
}

function makeCertificate(
  subjectKey: forge.pki.rsa.KeyPair,
  subject: forge.pki.CertificateField[],
  issuer: { key: forge.pki.rsa.PrivateKey; subject: forge.pki.CertificateField[] } | 'self',
  notBefore: Date,
  notAfter: Date,
  extensions: object[],
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = subjectKey.publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.setSubject(subject);
  cert.setIssuer(issuer === 'self' ? subject : issuer.subject);
  cert.setExtensions(extensions);
  cert.sign(issuer === 'self' ? subjectKey.privateKey : issuer.key, forge.md.sha256.create());
  return cert;
}

function makeCa(name: string): { keys: forge.pki.rsa.KeyPair; cert: forge.pki.Certificate } {
  const keys = rsaKeyPair();
  const subject = [{ name: 'commonName', value: name }, { name: 'organizationName', value: 'mailhelp tests' }];
  const now = Date.now();
  const cert = makeCertificate(keys, subject, 'self', new Date(now - 30 * DAY), new Date(now + 3650 * DAY), [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  return { keys, cert };
}

export function createTestPki(): TestPki {
  const trustedCa = makeCa('mailhelp Test Root CA');
  const unknownCa = makeCa('Unknown Test CA');
  const leafKeys = rsaKeyPair();
  const leafKeyPem = forge.pki.privateKeyToPem(leafKeys.privateKey);
  const caPem = forge.pki.certificateToPem(trustedCa.cert);

  return {
    ca: { key: forge.pki.privateKeyToPem(trustedCa.keys.privateKey), cert: caPem },
    trusted: [...rootCertificates, caPem],
    issue(options: LeafOptions): KeyAndCert {
      const now = Date.now();
      const subject = [{ name: 'commonName', value: options.commonName }];
      const altNames = (options.altNames ?? [options.commonName]).map((name) =>
        /^[\d.]+$/.test(name) ? { type: 7, ip: name } : { type: 2, value: name },
      );
      const signer = options.issuer === 'self' ? 'self' : options.issuer === 'unknown' ? unknownCa : trustedCa;
      const cert = makeCertificate(
        leafKeys,
        subject,
        signer === 'self' ? 'self' : { key: signer.keys.privateKey, subject: signer.cert.subject.attributes },
        options.notBefore ?? new Date(now - DAY),
        options.notAfter ?? new Date(now + 365 * DAY),
        [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
          { name: 'extKeyUsage', serverAuth: true },
          { name: 'subjectAltName', altNames },
        ],
      );
      return { key: leafKeyPem, cert: forge.pki.certificateToPem(cert) };
    },
  };
}

export { DAY };
