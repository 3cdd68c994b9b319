package dev.loopwork.tls.internal;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Issues a self-signed X.509 v3 certificate with BouncyCastle's builder. Signing and conversion go
 * through the JDK's own providers, so BouncyCastle need not be registered as a JCA provider.
 * Only loaded once {@code SelfSignedCertificate} has checked that BouncyCastle is present.
 */
public final class BcCertificateGenerator {

    private BcCertificateGenerator() {
    }

    /**
     * @param keys      the subject's key pair, which also signs
     * @param signature a JCA signature algorithm matching the key, e.g. {@code SHA256withECDSA}
     * @param names     subject alternative names (DNS names or IP literals); the first is the CN
     */
    public static X509Certificate issue(KeyPair keys, String signature, List<String> names, Instant notBefore,
                                        Instant notAfter) throws Exception {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, names.get(0))
                .addRDN(BCStyle.O, "Loopwork self-signed (development only)").build();
        BigInteger serial = new BigInteger(63, new SecureRandom()).add(BigInteger.ONE);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial, Date.from(notBefore),
                Date.from(notAfter), subject, keys.getPublic());
        GeneralName[] alternatives = new GeneralName[names.size()];
        for (int i = 0; i < alternatives.length; i++) {
            String name = names.get(i);
            alternatives[i] = EngineParameters.isIpLiteral(name)
                    ? new GeneralName(GeneralName.iPAddress, name)
                    : new GeneralName(GeneralName.dNSName, name);
        }
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        boolean rsa = "RSA".equals(keys.getPublic().getAlgorithm());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives))
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(rsa
                        ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                .addExtension(Extension.subjectKeyIdentifier, false,
                        utils.createSubjectKeyIdentifier(keys.getPublic()));
        ContentSigner signer = new JcaContentSignerBuilder(signature).build(keys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }
}
