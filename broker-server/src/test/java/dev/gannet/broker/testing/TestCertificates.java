package dev.gannet.broker.testing;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test PKI made with the openssl command line, as the README's recipe does: a CA, a server
 * certificate for localhost/127.0.0.1, a client certificate from that CA, and a second, untrusted CA
 * with a client certificate of its own. Keys are PEM PKCS#8.
 */
public final class TestCertificates {

    public final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    public static TestCertificates create() throws Exception {
        Path dir = Files.createTempDirectory("gannet-pki-");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "2", "-subj", "/CN=Gannet Test CA");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rogue-ca.key", "-out", "rogue-ca.pem",
                "-days", "2", "-subj", "/CN=Rogue CA");
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        issue(dir, "server", "localhost", "ca", "server.ext");
        issue(dir, "client", "device-1", "ca", null);
        issue(dir, "rogue-client", "device-1", "rogue-ca", null);
        return new TestCertificates(dir);
    }

    private static void issue(Path dir, String name, String commonName, String ca, String extensions) throws Exception {
        run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", "/CN=" + commonName);
        List<String> sign = new ArrayList<>(List.of("openssl", "x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem",
                "-CAkey", ca + ".key", "-CAcreateserial", "-out", name + ".pem", "-days", "2"));
        if (extensions != null) {
            sign.addAll(List.of("-extfile", extensions));
        }
        run(dir, sign.toArray(new String[0]));
    }

    private static void run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: "
                    + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** {@code name}'s certificate and key as a PKCS#12 keystore made by openssl, as an operator would. */
    public Path pkcs12(String name, String password) throws Exception {
        run(dir, "openssl", "pkcs12", "-export", "-in", name + ".pem", "-inkey", name + ".key", "-certfile", "ca.pem",
                "-name", name, "-out", name + ".p12", "-passout", "pass:" + password);
        return file(name + ".p12");
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Trusts the test CA (what a client needs to accept the broker's certificate). */
    public TrustManagerFactory trustCa() throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("ca", certificate(file("ca.pem")));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory;
    }

    /** A client's certificate and key, for mutual TLS ({@code name} is "client" or "rogue-client"). */
    public KeyManagerFactory clientKey(String name) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        char[] password = "test".toCharArray();
        store.setKeyEntry("client", privateKey(file(name + ".key")), password, new Certificate[] {certificate(file(name + ".pem"))});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory;
    }

    private static Certificate certificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static PrivateKey privateKey(Path pem) throws Exception {
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
