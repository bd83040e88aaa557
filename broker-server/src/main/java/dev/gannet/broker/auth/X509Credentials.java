package dev.gannet.broker.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import java.security.cert.X509Certificate;

/**
 * The value of X_509 credentials: they are keyed by the common name of a certificate in the
 * client's verified chain (usually the CA that issued it), and admit clients whose own certificate's
 * common name matches {@code certCnPattern} (a regular expression; absent: any).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record X509Credentials(String certCnPattern, BasicCredentials.AuthRules authRules) {

    /** The matching key of X_509 credentials for a certificate with this common name. */
    public static String matchingKey(String commonName) {
        return "cert:" + commonName;
    }

    /** The CN of a certificate's subject, or null when it has none. */
    public static String commonName(X509Certificate certificate) {
        return commonName(certificate.getSubjectX500Principal().getName());
    }

    /** The CN of a certificate's issuer, or null when it has none. */
    public static String issuerCommonName(X509Certificate certificate) {
        return commonName(certificate.getIssuerX500Principal().getName());
    }

    private static String commonName(String distinguishedName) {
        try {
            for (Rdn rdn : new LdapName(distinguishedName).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }
}
