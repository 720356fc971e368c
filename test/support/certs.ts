import { generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import forge from 'node-forge';

/**
 * Certificates made at test time: a trusted test CA, an unknown CA, and leaves with any
 * names and dates. Node cannot create X.509 certificates itself, so node-forge lays them out;
 * Node's crypto makes the keys and signs (forge's RSA in JavaScript is many times slower).
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
  /**
   * What a client trusts in place of Node's store: the test CA. Node's own roots are left out on
   * purpose: no loopback server shows a public chain, and parsing its 140 roots again for every
   * TLS connection was an eighth of the suite's CPU time.
   */
  trusted: string[];
  issue(options: LeafOptions): KeyAndCert;
}

const DAY = 24 * 60 * 60 * 1000;

interface RsaKeys {
  /** Node's key, for signing. */
  privateKey: KeyObject;
  /** forge's view of the public half, for the certificate. */
  publicKey: forge.pki.rsa.PublicKey;
  pem: string;
}

function rsaKeyPair(): RsaKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()) as forge.pki.rsa.PublicKey,
    pem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  };
}

/** What forge's cert.sign() does, with Node's RSA (PKCS #1 v1.5, SHA-256) making the signature. */
function signCertificate(cert: forge.pki.Certificate, key: KeyObject): void {
  cert.md = forge.md.sha256.create();
  cert.signatureOid = cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption!;
  cert.tbsCertificate = (forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate(cert);
  const der = forge.asn1.toDer(cert.tbsCertificate).getBytes();
  cert.md.update(der);
  cert.signature = sign('sha256', Buffer.from(der, 'binary'), key).toString('binary');
}

function makeCertificate(
  subjectKey: RsaKeys,
  subject: forge.pki.CertificateField[],
  issuer: { key: KeyObject; subject: forge.pki.CertificateField[] } | 'self',
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
  signCertificate(cert, issuer === 'self' ? subjectKey.privateKey : issuer.key);
  return cert;
}

function makeCa(name: string): { keys: RsaKeys; cert: forge.pki.Certificate } {
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

let made: TestPki | undefined;

/**
 * The test PKI of this process: made at the first call, the same one after. Its three RSA keys
 * took longer to make than most tests take to run (key generation was a third of the suite's
 * CPU time when each file, harness and fixture made its own); it holds no state, and a test
 * that needs a CA nobody trusts issues from `unknown`.
 */
export function createTestPki(): TestPki {
  made ??= makeTestPki();
  return made;
}

function makeTestPki(): TestPki {
  const trustedCa = makeCa('mailhelp Test Root CA');
  const unknownCa = makeCa('Unknown Test CA');
  const leafKeys = rsaKeyPair();
  const caPem = forge.pki.certificateToPem(trustedCa.cert);

  return {
    ca: { key: trustedCa.keys.pem, cert: caPem },
    trusted: [caPem],
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
      return { key: leafKeys.pem, cert: forge.pki.certificateToPem(cert) };
    },
  };
}

export { DAY };
