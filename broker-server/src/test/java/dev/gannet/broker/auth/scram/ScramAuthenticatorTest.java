package dev.gannet.broker.auth.scram;

import dev.gannet.broker.auth.AuthStep;
import dev.gannet.broker.auth.ClientIdentity;
import dev.gannet.broker.auth.EnhancedAuthenticator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** SCRAM-SHA-256 against the example exchange of RFC 7677 section 3. */
class ScramAuthenticatorTest {

    private static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String CLIENT_FINAL =
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static EnhancedAuthenticator.Exchange exchange() {
        ScramKeys keys = ScramKeys.derive(ScramAlgorithm.SHA_256, "pencil",
                Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        ScramAuthenticator scram = new ScramAuthenticator(ScramAlgorithm.SHA_256,
                user -> user.equals("user") ? Optional.of(new ScramAuthenticator.Account(keys,
                        new AuthStep(AuthStep.Outcome.SUCCESS, null))) : Optional.empty(),
                () -> SERVER_NONCE);
        return scram.begin(new ClientIdentity("c", null, "127.0.0.1:1"), false);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void the_rfc_7677_exchange_succeeds_with_the_rfc_server_signature() {
        EnhancedAuthenticator.Exchange exchange = exchange();
        AuthStep first = exchange.step(bytes(CLIENT_FIRST));
        assertThat(first.outcome()).isEqualTo(AuthStep.Outcome.CONTINUE);
        assertThat(new String(first.data(), StandardCharsets.UTF_8)).isEqualTo(SERVER_FIRST);
        AuthStep last = exchange.step(bytes(CLIENT_FINAL));
        assertThat(last.outcome()).isEqualTo(AuthStep.Outcome.SUCCESS);
        assertThat(new String(last.data(), StandardCharsets.UTF_8)).isEqualTo(SERVER_FINAL);
    }

    @Test
    void a_wrong_proof_an_unknown_user_a_changed_nonce_or_channel_binding_fail() {
        EnhancedAuthenticator.Exchange wrongProof = exchange();
        wrongProof.step(bytes(CLIENT_FIRST));
        assertThat(wrongProof.step(bytes(CLIENT_FINAL.replace("p=dHz", "p=eHz"))).outcome()).isEqualTo(AuthStep.Outcome.FAILURE);

        assertThat(exchange().step(bytes("n,,n=mallory,r=abc")).outcome()).isEqualTo(AuthStep.Outcome.FAILURE);

        EnhancedAuthenticator.Exchange otherNonce = exchange();
        otherNonce.step(bytes(CLIENT_FIRST));
        assertThat(otherNonce.step(bytes(CLIENT_FINAL.replace("r=rOpr", "r=xOpr"))).outcome()).isEqualTo(AuthStep.Outcome.FAILURE);

        assertThat(exchange().step(bytes("p=tls-unique,,n=user,r=abc")).outcome()).isEqualTo(AuthStep.Outcome.FAILURE);
    }
}
